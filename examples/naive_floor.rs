//! The performance floor newsfacts is measured against (see `benches/README.md`):
//! one leftmost-longest, ASCII case-insensitive Aho-Corasick scan of a
//! gazetteer's surfaces over the texts of a JSON Lines corpus, JSON parsing
//! included, in one process.
//!
//! ```sh
//! cargo run --release --example naive_floor -- gaz-100k.tsv corpus-50mb.jsonl
//! ```

use aho_corasick::{AhoCorasick, MatchKind};
use std::io::{BufRead, BufReader};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, gazetteer, corpus] = &args[..] else {
        return Err("usage: naive_floor GAZETTEER.tsv CORPUS.jsonl".into());
    };
    let surfaces: Vec<String> = std::fs::read_to_string(gazetteer)?
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .skip(1) // header
        .filter_map(|l| l.split('\t').next().map(str::to_string))
        .collect();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&surfaces)?;
    let (mut docs, mut matches) = (0u64, 0u64);
    for line in BufReader::new(std::fs::File::open(corpus)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        if let Some(text) = v["text"].as_str() {
            matches += ac.find_iter(text).count() as u64;
            docs += 1;
        }
    }
    println!(
        "{docs} documents, {matches} matches, {} patterns",
        surfaces.len()
    );
    Ok(())
}
