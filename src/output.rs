//! Writing mentions as JSONL, JSON and CSV: the formats `factdesk extract` prints.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::corpus::{LoadError, LoadWarning};
use crate::fact::{Mention, Value};

/// Output formats of `factdesk extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One FACTS.md mention object a line.
    Jsonl,
    /// One object: the format tag, the documents, the mentions and the load errors.
    Json,
    /// One mention a row, with a header.
    Csv,
}

/// What the CSV cells are made for: the project export's flavours (`--csv excel|data`).
pub use crate::review::export::CsvFlavour;

/// The one rule for formula cells, shared with the project export.
pub use crate::review::export::neutralise_formula;

/// A document as the JSON output describes it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    pub doc: String,
    pub path: Option<String>,
    pub encoding: String,
    pub chars: usize,
    pub published: Option<String>,
    /// The date was given (`--published`, `--metadata`), not found in the text.
    pub published_given: bool,
    pub mentions: usize,
}

/// The JSON output format, tagged `factdesk-extract/2` (version 2: every mention carries its frame).
#[derive(Debug, Serialize)]
struct JsonOutput<'a> {
    format: &'static str,
    documents: &'a [DocumentSummary],
    mentions: &'a [Mention],
    errors: Vec<JsonError>,
    /// Files that loaded with something to say (bad bytes replaced), as `path` and `reason`.
    warnings: Vec<JsonError>,
}

#[derive(Debug, Serialize)]
struct JsonError {
    path: String,
    reason: String,
}

pub const JSON_FORMAT_TAG: &str = "factdesk-extract/2";

/// The CSV columns, in order: FACTS.md's fields (the frame after the version-1 columns, so
/// readers by position keep working).
pub const CSV_HEADER: [&str; 17] = [
    "doc",
    "start",
    "end",
    "surface",
    "kind",
    "value",
    "value_max",
    "unit",
    "approx",
    "subject",
    "sentence",
    "confidence",
    "measure",
    "direction",
    "basis",
    "period",
    "per",
];

pub fn write_jsonl(out: &mut dyn Write, mentions: &[Mention]) -> io::Result<()> {
    // Each line is written into one buffer by hand and written whole: the same bytes as
    // `serde_json::to_writer` (tested below), without serde's field-by-field machinery, and the
    // long strings (the sentence) escaped a word at a time.
    let mut line = Vec::with_capacity(1024);
    for m in mentions {
        line.clear();
        mention_json(&mut line, m)?;
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}

/// The JSON object of `m`, as `serde_json::to_writer` writes it (fields in declaration order).
fn mention_json(line: &mut Vec<u8>, m: &Mention) -> io::Result<()> {
    line.extend_from_slice(b"{\"doc\":");
    json_str(line, &m.doc);
    line.extend_from_slice(b",\"start\":");
    json_uint(line, m.start);
    line.extend_from_slice(b",\"end\":");
    json_uint(line, m.end);
    line.extend_from_slice(b",\"surface\":");
    json_str(line, &m.surface);
    line.extend_from_slice(b",\"kind\":");
    json_str(line, m.kind.as_str());
    line.extend_from_slice(b",\"value\":");
    json_value(line, &m.value)?;
    line.extend_from_slice(b",\"value_max\":");
    match &m.value_max {
        Some(v) => json_value(line, v)?,
        None => line.extend_from_slice(b"null"),
    }
    line.extend_from_slice(b",\"unit\":");
    json_opt_str(line, m.unit.as_deref());
    line.extend_from_slice(b",\"approx\":");
    json_opt_str(line, m.approx.map(|a| a.as_str()));
    line.extend_from_slice(b",\"subject\":");
    json_str(line, &m.subject);
    line.extend_from_slice(b",\"sentence\":");
    json_str(line, &m.sentence);
    line.extend_from_slice(b",\"confidence\":");
    serde_json::to_writer(&mut *line, &m.confidence)?;
    line.extend_from_slice(b",\"measure\":");
    json_opt_str(line, m.measure.map(|x| x.as_str()));
    line.extend_from_slice(b",\"direction\":");
    json_opt_str(line, m.direction.map(|x| x.as_str()));
    line.extend_from_slice(b",\"basis\":");
    json_opt_str(line, m.basis.as_deref());
    line.extend_from_slice(b",\"period\":");
    json_opt_str(line, m.period.as_deref());
    line.extend_from_slice(b",\"per\":");
    json_opt_str(line, m.per.as_deref());
    line.push(b'}');
    Ok(())
}

/// A number as its exact decimal text (what `rust_decimal`'s arbitrary-precision serialiser
/// hands serde_json, which writes it unchanged), or a date as a string.
fn json_value(line: &mut Vec<u8>, value: &Value) -> io::Result<()> {
    match value {
        Value::Number(d) => {
            json_decimal(line, d);
            Ok(())
        }
        Value::Text(s) => {
            json_str(line, s);
            Ok(())
        }
    }
}

/// `d` as its `Display` writes it (a test compares the two): the sign (also of a negative zero),
/// the digits of the mantissa with the point `scale` digits from the right, a `0` before a point
/// that would lead. Written by hand because `write!` through the formatting machinery cost more
/// than the rest of a JSONL line's numbers.
fn json_decimal(line: &mut Vec<u8>, d: &Decimal) {
    if d.is_sign_negative() {
        line.push(b'-');
    }
    // A mantissa has at most 29 digits (96 bits); the scale is at most 28.
    let mut digits = [b'0'; 40];
    let mut at = digits.len();
    let mut m = d.mantissa().unsigned_abs();
    while m != 0 {
        at -= 1;
        digits[at] = b'0' + (m % 10) as u8;
        m /= 10;
    }
    let scale = d.scale() as usize;
    // Zeros up to the scale (they are already in the buffer): `0.05` has the digits `05`.
    let at = at.min(digits.len() - scale);
    let written = &digits[at..];
    let whole = written.len() - scale;
    if whole == 0 {
        line.push(b'0');
    } else {
        line.extend_from_slice(&written[..whole]);
    }
    if scale > 0 {
        line.push(b'.');
        line.extend_from_slice(&written[whole..]);
    }
}

fn json_uint(line: &mut Vec<u8>, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    line.extend_from_slice(&digits[at..]);
}

fn json_opt_str(line: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => json_str(line, s),
        None => line.extend_from_slice(b"null"),
    }
}

/// A JSON string, escaped as serde_json escapes it: `"` and `\\`, the control chars below
/// U+0020 (`\b \t \n \f \r` by name, the others as `\u00xx`), nothing else.
fn json_str(line: &mut Vec<u8>, s: &str) {
    line.push(b'"');
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Eight bytes at a time while none of them needs escaping (most text).
        if let Some(word) = bytes.get(at..at + 8)
            && let Ok(word) = <[u8; 8]>::try_from(word)
            && !word_needs_escape(u64::from_le_bytes(word))
        {
            at += 8;
            continue;
        }
        let b = bytes[at];
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0C => b"\\f",
            b'\r' => b"\\r",
            0..0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                line.extend_from_slice(&bytes[copied..at]);
                line.extend_from_slice(b"\\u00");
                line.push(HEX[(b >> 4) as usize]);
                line.push(HEX[(b & 0xF) as usize]);
                at += 1;
                copied = at;
                continue;
            }
            _ => {
                at += 1;
                continue;
            }
        };
        line.extend_from_slice(&bytes[copied..at]);
        line.extend_from_slice(escape);
        at += 1;
        copied = at;
    }
    line.extend_from_slice(&bytes[copied..]);
    line.push(b'"');
}

/// Whether one of the eight bytes of `w` is below 0x20, `"` or `\\` (exact: the classic
/// "has a byte less than n" and "has a zero byte" tests, which never miss one).
#[inline]
fn word_needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w;
    let quote = w ^ (ONES * b'"' as u64);
    let backslash = w ^ (ONES * b'\\' as u64);
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x;
    (below_space | zero_in(quote) | zero_in(backslash)) & HIGHS != 0
}

pub fn write_json(
    out: &mut dyn Write,
    documents: &[DocumentSummary],
    mentions: &[Mention],
    errors: &[LoadError],
    warnings: &[LoadWarning],
) -> io::Result<()> {
    let errors = errors
        .iter()
        .map(|e| JsonError {
            path: e.path.display().to_string(),
            reason: e.reason.clone(),
        })
        .collect();
    let warnings = warnings
        .iter()
        .map(|w| JsonError {
            path: w.path.display().to_string(),
            reason: w.message.clone(),
        })
        .collect();
    serde_json::to_writer_pretty(
        &mut *out,
        &JsonOutput {
            format: JSON_FORMAT_TAG,
            documents,
            mentions,
            errors,
            warnings,
        },
    )?;
    out.write_all(b"\n")
}

pub fn write_csv(out: &mut dyn Write, mentions: &[Mention], flavour: CsvFlavour) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_HEADER)?;
    for m in mentions {
        let row = [
            m.doc.as_str(),
            &m.start.to_string(),
            &m.end.to_string(),
            &m.surface,
            m.kind.as_str(),
            &m.value.to_string(),
            &m.value_max
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            m.unit.as_deref().unwrap_or(""),
            m.approx.map(|a| a.as_str()).unwrap_or(""),
            &m.subject,
            &m.sentence,
            &m.confidence.to_string(),
            m.measure.map(|x| x.as_str()).unwrap_or(""),
            m.direction.map(|x| x.as_str()).unwrap_or(""),
            m.basis.as_deref().unwrap_or(""),
            m.period.as_deref().unwrap_or(""),
            m.per.as_deref().unwrap_or(""),
        ];
        match flavour {
            CsvFlavour::Excel => {
                for cell in row {
                    writer.write_field(neutralise_formula(cell).as_bytes())?;
                }
                writer.write_record(None::<&[u8]>)?;
            }
            CsvFlavour::Data => writer.write_record(row)?,
        }
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fact::{Approx, Direction, Kind, Measure};
    use rust_decimal::Decimal;

    fn mention(i: usize, text: &str) -> Mention {
        let approx = [
            None,
            Some(Approx::MoreThan),
            Some(Approx::LessThan),
            Some(Approx::About),
            Some(Approx::Nearly),
        ];
        let value = match i % 3 {
            0 => Value::number(Decimal::new(-12345, (i % 5) as u32)),
            1 => Value::Number(Decimal::new(1500, 2)),
            _ => Value::Text(format!("--06-{text}")),
        };
        Mention {
            doc: format!("{text}.txt"),
            start: i,
            end: i * 1_000_003,
            surface: text.to_string(),
            kind: Kind::ALL[i % Kind::ALL.len()],
            value,
            value_max: i
                .is_multiple_of(2)
                .then(|| Value::number(Decimal::new(i as i64, 1))),
            unit: (i % 2 == 1).then(|| text.to_string()),
            approx: approx[i % approx.len()],
            subject: text.repeat(i % 4),
            sentence: format!("前文{text}后文，{}", text.repeat(i % 7)),
            confidence: [0.9, 0.81, 1.0, 0.0, 0.729, 1e-7][i % 6],
            measure: (!i.is_multiple_of(7)).then(|| Measure::ALL[i % Measure::ALL.len()]),
            direction: (!i.is_multiple_of(3)).then(|| Direction::ALL[i % Direction::ALL.len()]),
            basis: i.is_multiple_of(2).then(|| "yoy".to_string()),
            period: i.is_multiple_of(3).then(|| format!("2025-{text}")),
            per: i.is_multiple_of(5).then(|| text.to_string()),
        }
    }

    /// Numbers are written as `rust_decimal`'s `Display` writes them, at every scale, with a
    /// negative zero's sign.
    #[test]
    fn decimals_are_written_as_display_writes_them() {
        let mut line = Vec::new();
        let mantissas = [
            0i128,
            1,
            -1,
            5,
            10,
            12345,
            -12345,
            1_000_000,
            79_228_162_514_264_337_593_543_950_335,
            -79_228_162_514_264_337_593_543_950_335,
            10_000_000_000_000_000_000_000_000_000,
        ];
        for m in mantissas {
            for scale in 0..=28 {
                let mut d = Decimal::from_i128_with_scale(m, scale);
                for negative in [false, true] {
                    // A negative zero keeps its sign in `Display`.
                    d.set_sign_negative(negative);
                    line.clear();
                    json_decimal(&mut line, &d);
                    assert_eq!(
                        String::from_utf8_lossy(&line),
                        d.to_string(),
                        "{m} e-{scale}"
                    );
                }
            }
        }
    }

    /// The hand-written lines are serde_json's, byte for byte, for every kind of field and
    /// every char that is escaped (or nearly).
    #[test]
    fn jsonl_lines_are_serde_jsons() {
        let mut texts: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        texts.extend(
            [
                "",
                "948亿美元",
                "引号\"和\\反斜杠",
                "行\n断\r\n制表\t退格\u{8}换页\u{c}",
                "\u{0}\u{1}\u{1f}\u{7f}\u{80}\u{2028}\u{feff}",
                "12345678\"12345678\\1234567\n",
                "全角＂＼ａ",
                "𝄞𠀀",
            ]
            .map(String::from),
        );
        let mentions: Vec<Mention> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| mention(i, t))
            .collect();
        let mut ours = Vec::new();
        write_jsonl(&mut ours, &mentions).unwrap();
        let mut theirs = Vec::new();
        for m in &mentions {
            serde_json::to_writer(&mut theirs, m).unwrap();
            theirs.push(b'\n');
        }
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs).unwrap()
        );
    }

    #[test]
    fn the_word_test_finds_every_byte_that_is_escaped() {
        for b in 0u8..=255 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                let escaped = b < 0x20 || b == b'"' || b == b'\\';
                assert_eq!(
                    word_needs_escape(u64::from_le_bytes(word)),
                    escaped,
                    "{b:#x}"
                );
            }
        }
    }
}
