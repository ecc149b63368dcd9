//! Arbitrary bytes as the contents of a corpus file, through the loader's decoding
//! (`factdesk::corpus::decode_reporting`, which `load_input` and `load_stdin_with` call on the
//! bytes they read): it must not panic, and what it accepts must be what the bytes say.
#![no_main]

use factdesk::corpus::decode_reporting;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = decode_reporting(data) else {
        return;
    };
    let bom = encoding_rs_bom(data);
    match bom {
        // A byte-order mark decides the encoding, and is not part of the text.
        Some(name) => assert_eq!(decoded.encoding, name, "the byte-order mark was not obeyed"),
        // Valid UTF-8 without a BOM is taken exactly as it is.
        None => {
            if let Ok(utf8) = std::str::from_utf8(data) {
                assert_eq!(decoded.encoding, "UTF-8");
                assert_eq!(decoded.text, utf8, "valid UTF-8 was changed by decoding");
                assert_eq!(decoded.damage, None);
            }
        }
    }
    if let Some(damage) = decoded.damage {
        // Damage is reported where it is, and every bad sequence left a replacement char.
        assert!(damage.first_bad_byte < data.len(), "{damage:?}");
        assert!(damage.bad_sequences > 0);
        assert!(decoded.text.matches('\u{FFFD}').count() >= damage.bad_sequences);
        assert_eq!(damage.encoding, decoded.encoding);
    } else if bom.is_none() && decoded.encoding == "UTF-8" {
        assert!(std::str::from_utf8(data).is_ok(), "bad UTF-8 without a warning");
    }

    // Chinese UTF-8 with a bad byte at its end (a truncated download) stays UTF-8, warned about
    // at that byte: never a legacy guess.
    if let Ok(utf8) = std::str::from_utf8(data)
        && utf8
            .strip_prefix('\u{feff}')
            .unwrap_or(utf8)
            .chars()
            .filter(|c| c.len_utf8() == 3)
            .count()
            >= 2
    {
        let mut cut = data.to_vec();
        cut.push(0xFF);
        let damaged = decode_reporting(&cut).expect("valid text with one bad byte decodes");
        assert_eq!(damaged.encoding, "UTF-8");
        let body = utf8.strip_prefix('\u{feff}').unwrap_or(utf8);
        assert_eq!(damaged.text, format!("{body}\u{FFFD}"));
        assert_eq!(damaged.damage.map(|d| d.first_bad_byte), Some(data.len()));
    }
});

/// The encoding a leading byte-order mark names, the same three the loader knows.
fn encoding_rs_bom(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some("UTF-8")
    } else if data.starts_with(&[0xFF, 0xFE]) {
        Some("UTF-16LE")
    } else if data.starts_with(&[0xFE, 0xFF]) {
        Some("UTF-16BE")
    } else {
        None
    }
}
