//! Tracks market shares: prints every `market_share` fact of a JSON Lines
//! file as a table, by subject then year.
//!
//! ```sh
//! cargo run --example market_share                       # examples/data/news.jsonl
//! cargo run --example market_share -- articles.jsonl     # {"id", "text"} per line
//! newsfacts extract in.jsonl > records.jsonl
//! cargo run --example market_share -- records.jsonl      # already extracted records
//! ```

use newsfacts::{Document, Extractor, Input, Predicate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1);
    let path = path.as_deref().unwrap_or("examples/data/news.jsonl");
    let ex = Extractor::builder().build()?;
    let mut rows = Vec::new();
    for (n, line) in std::fs::read_to_string(path)?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |e| format!("{path}:{}: {e}", n + 1);
        let value: serde_json::Value = serde_json::from_str(line).map_err(at)?;
        // A line with "entities" is a record of `newsfacts extract`; otherwise an article.
        let doc: Document = match value.get("entities") {
            Some(_) => serde_json::from_value(value).map_err(at)?,
            None => {
                let text = value["text"].as_str().unwrap_or_default();
                ex.extract(Input::new(text).id(value["id"].as_str().unwrap_or("-")))
            }
        };
        let id = doc.id.unwrap_or_default();
        for f in doc.facts {
            if f.predicate == Some(Predicate::MarketShare) {
                let subject = f.subject.unwrap_or("?".into());
                let share = format!("{}{}", f.value, f.unit.unwrap_or_default());
                let qualifier = f.qualifier.map_or("".into(), |q| format!("{q:?}"));
                rows.push((subject, f.year, share, qualifier, f.text, id.clone()));
            }
        }
    }
    rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    println!(
        "{:<20} {:>5} {:>7} {:<9} {:<16} document",
        "subject", "year", "share", "qualifier", "as written"
    );
    for (subject, year, share, qualifier, text, id) in &rows {
        let year = year.map_or("-".into(), |y| y.to_string());
        println!("{subject:<20} {year:>5} {share:>7} {qualifier:<9} {text:<16} {id}");
    }
    println!("{} market_share facts", rows.len());
    Ok(())
}
