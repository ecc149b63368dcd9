//! Arbitrary bytes, read as lossy UTF-8, through the whole extractor: it must not panic, and every
//! mention must be grounded in the text (FACTS.md: `surface` is exactly the chars `[start, end)`).
#![no_main]

use std::sync::OnceLock;

use factdesk::Extractor;
use libfuzzer_sys::fuzz_target;

// Building the word tables once per process, not once per input.
static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let extractor = EXTRACTOR.get_or_init(Extractor::new);
    let extraction = extractor.extract("fuzz.txt", &text);
    let chars: Vec<char> = text.chars().collect();
    for m in &extraction.mentions {
        assert!(
            m.start < m.end && m.end <= chars.len(),
            "span {}..{} outside a text of {} chars",
            m.start,
            m.end,
            chars.len()
        );
        let grounded: String = chars[m.start..m.end].iter().collect();
        assert_eq!(
            m.surface, grounded,
            "surface is not the text at {}..{}",
            m.start, m.end
        );
    }
});
