//! Embeds the bundled corpus (`seeds/`) so `factdesk` runs on it from any folder.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time: a build script compiled for a clone elsewhere may be reused from a
    // shared target folder, and `env!` would bake in that other clone's path.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let seeds = Path::new(&manifest_dir).join("seeds");
    println!("cargo:rerun-if-changed={}", seeds.display());
    let mut names: Vec<String> = std::fs::read_dir(&seeds)
        .expect("seeds/ exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt") || n.ends_with(".md"))
        .collect();
    names.sort();
    let mut code = String::from(
        "/// The bundled corpus: (file name, bytes), in file-name order.\npub const SEEDS: &[(&str, &[u8])] = &[\n",
    );
    for name in &names {
        let path = seeds.join(name);
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("seeds.rs");
    std::fs::write(out, code).unwrap();
}
