//! Inputs the fuzz targets (fuzz/, see fuzz/README.md) found to crash, one test each, minimised.
//! The same bytes are kept under fuzz/regressions/<target>/. Each test runs the input the way
//! its target does and checks what the target checks: no panic, and for the extractor every
//! mention grounded exactly in the text.

use std::path::Path;
use std::sync::LazyLock;

use factdesk::Extractor;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);

/// What the `extract` target does with one input: lossy UTF-8, extract, check the grounding.
fn extract_grounded(bytes: &[u8]) -> Vec<factdesk::Mention> {
    let text = String::from_utf8_lossy(bytes);
    let chars: Vec<char> = text.chars().collect();
    let mentions = EXTRACTOR.extract("fuzz.txt", &text).mentions;
    for m in &mentions {
        assert!(
            m.start < m.end && m.end <= chars.len(),
            "{text:?}: span {}..{} outside {} chars",
            m.start,
            m.end,
            chars.len()
        );
        let grounded: String = chars[m.start..m.end].iter().collect();
        assert_eq!(
            m.surface, grounded,
            "{text:?}: surface at {}..{}",
            m.start, m.end
        );
    }
    mentions
}

/// Found at once on the first run (fuzz/regressions/extract/fraction-denominator-overflow):
/// 10^31 as a fraction's denominator exceeded Decimal's 96 bits and panicked in
/// `Decimal::from_i128_with_scale` (src/engine/grammar.rs, `fraction_denominator`).
/// 1/10^31 cannot be held exactly, so it must not be emitted as a number at all.
#[test]
fn fraction_denominator_beyond_decimal() {
    for input in ["千万亿亿亿分之", "千万亿亿亿分之一"] {
        let mentions = extract_grounded(input.as_bytes());
        assert!(
            mentions.iter().all(|m| !m.surface.contains("分之")),
            "{input}: a fraction nobody can hold exactly was emitted: {mentions:?}"
        );
    }
}

/// Found in the 30-minute run on the code before the robustness fix
/// (fuzz/regressions/extract/range-lower-end-overflow; minimised by hand from the fuzzer's
/// 205-byte input, kept beside it as `.raw`): a lower end without a multiplier takes the upper
/// end's (`3至5万`), and 10^23 × 10^8 overflowed in `Decimal * Decimal`
/// (src/engine/grammar.rs, `range_without_unit`, "Multiplication overflowed").
#[test]
fn range_lower_end_times_upper_multiplier_beyond_decimal() {
    let input = "99999999999999999999999到1亿元";
    let lower_end_chars = 23;
    let mentions = extract_grounded(input.as_bytes());
    // The range says 10^31 … 10^8 yuan: the lower end cannot be held, and reading it without
    // the multiplier would be a wrong number, so no figure may cover it.
    assert!(
        mentions.iter().all(|m| m.start >= lower_end_chars),
        "{input}: a figure covers a lower end beyond Decimal: {mentions:?}"
    );
}

/// Found in the same run (fuzz/regressions/extract/fraction-percent-overflow, minimised by hand
/// from a 229-byte input kept as `.raw`): `N分之M` as a percentage multiplied M by 100 unchecked
/// (src/engine/grammar.rs, the `分之` branch of the unit suffix, "Multiplication overflowed").
#[test]
fn fraction_numerator_times_hundred_beyond_decimal() {
    let input = "2分之79228162514264337593543950335";
    let mentions = extract_grounded(input.as_bytes());
    assert!(
        mentions.iter().all(|m| m.kind != factdesk::Kind::Percent),
        "{input}: a percentage beyond Decimal was emitted: {mentions:?}"
    );
}

/// Every input kept under fuzz/regressions/extract/ (minimised and raw) still runs cleanly, so a
/// finding saved there is checked even before it gets a test of its own.
#[test]
fn every_saved_extract_finding_is_grounded() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/extract");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/regressions/extract is in the repository") {
        let path = entry.unwrap().path();
        extract_grounded(&std::fs::read(&path).unwrap());
        seen += 1;
    }
    assert!(seen >= 3, "only {seen} saved findings in {}", dir.display());
}

/// Every input kept under fuzz/regressions/corpus/ decodes without a panic, and the fuzzer's
/// property holds: Chinese UTF-8 with one bad byte appended (a UTF-8 BOM or not) stays UTF-8.
#[test]
fn every_saved_corpus_finding_decodes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/corpus");
    for entry in std::fs::read_dir(&dir).expect("fuzz/regressions/corpus is in the repository") {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let _ = factdesk::corpus::decode_reporting(&bytes);
    }
    let found = std::fs::read(dir.join("bom-short-damaged-utf8")).unwrap();
    let decoded = factdesk::corpus::decode_reporting(&found).expect("damaged UTF-8 decodes");
    assert_eq!(decoded.encoding, "UTF-8");
    assert_eq!(decoded.text, "中国\u{FFFD}");
}
