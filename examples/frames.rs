//! Prints the frame of every mention of a text: `cargo run --example frames -- TEXT [PUBLISHED]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let text = args.next().unwrap_or_default();
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
