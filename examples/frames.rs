//! Prints the frame of every mention of a text:
//! `cargo run --example frames -- TEXT|@FILE [PUBLISHED]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let arg = args.next().unwrap_or_default();
    // `@FILE` reads the text from a file.
    let text = match arg.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path).expect("readable file"),
        None => arg,
    };
    let published = args.next();
    let ex = factdesk::Extractor::new();
    let out = ex.extract_published("t.txt", &text, published.as_deref());
    println!("published {:?}", out.published);
    for m in out.mentions {
        println!(
            "{}\t{}\t{}\t{:?}\t{:?}\t{:?}\t{:?}",
            m.surface, m.kind, m.subject, m.measure, m.direction, m.basis, m.period
        );
    }
}
