//! Arbitrary bytes as the contents of a corpus file, through the loader's decoding
//! (`factdesk::corpus::decode`, which `load_file` and `load_stdin` call on the bytes they read):
//! it must not panic, and what it accepts must be what the bytes say.
#![no_main]

use factdesk::corpus::decode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((text, encoding)) = decode(data) else {
        return;
    };
    let bom = encoding_rs_bom(data);
    match bom {
        // A byte-order mark decides the encoding, and is not part of the text.
        Some(name) => assert_eq!(encoding, name, "the byte-order mark was not obeyed"),
        // Valid UTF-8 without a BOM is taken exactly as it is.
        None => {
            if let Ok(utf8) = std::str::from_utf8(data) {
                assert_eq!(encoding, "UTF-8");
                assert_eq!(text, utf8, "valid UTF-8 was changed by decoding");
            }
        }
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
