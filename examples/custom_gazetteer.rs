//! Adds your own entities (a start-up, its founder, a site) to the embedded
//! gazetteers, and shows what they change. User rows take priority.
//!
//! ```sh
//! cargo run --example custom_gazetteer                 # the TSV below
//! cargo run --example custom_gazetteer -- mine.tsv     # or your own file
//! ```
//! The TSV format (`surface`, `kind`, `name`, optional `id` and `flags`) is
//! described in `data/README.md`.

use newsfacts::Extractor;

const MY_GAZETTEER: &str = "\
surface\tkind\tname\tid\tflags
Helicell Labs\tcompany\tHelicell\tcompany:helicell
Helicell\tcompany\tHelicell\tcompany:helicell\tcase
Camille Ferrand\tperson\tCamille Ferrand
Technopole de l'Arbois\tlocation\tArbois Technopole
";

const TEXT: &str = "Helicell Labs, la start-up de Camille Ferrand installée à la \
technopole de l’Arbois, s’allie à Airbus. « Helicell vise l’Allemagne », dit Ferrand.";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = Extractor::builder();
    match std::env::args().nth(1) {
        // Errors in a file name its path and line: `mine.tsv:3: unknown entity kind …`.
        Some(path) => builder.gazetteer_file(path),
        None => builder.gazetteer_tsv("my-gazetteer.tsv", MY_GAZETTEER),
    };
    let mine = builder.build()?;
    let default = Extractor::builder().build()?;
    for (title, ex) in [
        ("Embedded gazetteers only", &default),
        ("With yours", &mine),
    ] {
        println!("{title}:");
        for e in &ex.extract(TEXT).entities {
            let kind = e.kind.as_str();
            println!("  {:<24} {kind:<12} {:<20} {}", e.text, e.name, e.id);
        }
    }
    Ok(())
}
