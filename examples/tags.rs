fn main() {
    let j = jieba_rs::Jieba::new();
    for a in std::env::args().skip(1) {
        let t: Vec<String> = j
            .tag(&a, false)
            .iter()
            .map(|t| format!("{}/{}", t.word, t.tag))
            .collect();
        println!("{}", t.join(" "));
    }
}
