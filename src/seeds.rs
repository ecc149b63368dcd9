//! The bundled corpus: the `seeds/` folder, compiled in so the app opens on it anywhere.

use crate::corpus::{self, Document};

include!(concat!(env!("OUT_DIR"), "/seeds.rs"));

/// The bundled documents, decoded like any file.
pub fn documents() -> Vec<Document> {
    SEEDS
        .iter()
        .map(|(name, bytes)| {
            let (text, encoding) = corpus::decode(bytes).expect("bundled seeds are valid text");
            Document {
                name: name.to_string(),
                path: None,
                text,
                encoding,
            }
        })
        .collect()
}
