//! Processes every `.txt` file of a directory in parallel with rayon, one
//! shared `Extractor` for all threads, and prints a line per file in order.
//!
//! ```sh
//! cargo run --release --example parallel_dir                  # examples/data/articles
//! cargo run --release --example parallel_dir -- path/to/dir
//! ```

use newsfacts::{Extractor, Input};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or("examples/data/articles".into());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();

    let start = Instant::now();
    // `Extractor` is Clone + Send + Sync: build it once, share it by reference.
    let ex = Extractor::builder().build()?;
    let results: Vec<(String, Result<newsfacts::Document, std::io::Error>)> = files
        .par_iter()
        .map(|path| {
            let name = path.display().to_string();
            let doc =
                std::fs::read_to_string(path).map(|text| ex.extract(Input::new(&text).id(&name)));
            (name, doc)
        })
        .collect();

    for (name, doc) in &results {
        match doc {
            Ok(doc) => {
                let mut names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
                names.sort_unstable();
                names.dedup();
                println!(
                    "{name}: {} entities, {} facts: {}",
                    doc.entities.len(),
                    doc.facts.len(),
                    names.join(", ")
                );
            }
            Err(e) => eprintln!("{name}: {e}"),
        }
    }
    println!(
        "{} files on {} threads in {:.2} s",
        results.len(),
        rayon::current_num_threads(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
