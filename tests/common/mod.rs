//! Helpers shared by the integration tests that need them (`mod common;`).

/// A version-1 project as factdesk wrote it before the frame: no publication dates, no frames.
pub fn as_version_1(v2: &str) -> String {
    /// Keys version 2 added, wherever they are (documents, readings, mentions, the changes of
    /// the undo history and the trail, the view).
    const NEW_KEYS: [&str; 8] = [
        "measure",
        "direction",
        "basis",
        "period",
        "per",
        "published",
        "published_given",
        "measures",
    ];
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for key in NEW_KEYS {
                    map.remove(key);
                }
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut file: serde_json::Value = serde_json::from_str(v2).unwrap();
    file["version"] = 1.into();
    strip(&mut file);
    serde_json::to_string_pretty(&file).unwrap()
}
