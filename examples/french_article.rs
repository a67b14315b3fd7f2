//! Extracts entities, numeric facts and topics from a French news article and
//! prints them as a person would read them.
//!
//! ```sh
//! cargo run --example french_article
//! ```

use newsfacts::{Extractor, Input, Lang};

const ARTICLE: &str = "Jensen Huang, PDG de NVIDIA, a rencontré à Pékin des responsables \
du ministère chinois du Commerce. Selon Huang, la part de marché de Nvidia en Chine pourrait \
passer de 66 % en 2024 à environ 8 % cette année, alors que les États-Unis durcissent leurs \
contrôles à l’exportation. Le groupe prévoit d’investir plus de 500 millions de dollars \
en Europe, notamment en France et en Allemagne.";

fn main() -> Result<(), newsfacts::Error> {
    // Build once (it compiles the gazetteers); extraction itself never fails.
    let ex = Extractor::builder().build()?;
    let doc = ex.extract(Input::new(ARTICLE).id("fr-demo").lang(Lang::Fr));

    println!("Entities ({}):", doc.entities.len());
    for e in &doc.entities {
        println!(
            "  {:<14} -> {:<14} {:<8} {}",
            e.text,
            e.name,
            e.kind.as_str(),
            e.id
        );
    }
    println!("Facts ({}):", doc.facts.len());
    for f in &doc.facts {
        let unit = f.unit.as_deref().unwrap_or("");
        let subject = f.subject.as_deref().unwrap_or("?");
        let year = f.year.map_or(String::new(), |y| y.to_string());
        println!(
            "  {:<24} = {} {unit}  subject {subject} {year}",
            f.text, f.value
        );
    }
    println!("Topics ({}):", doc.topics.len());
    for t in &doc.topics {
        println!("  {:<16} {:.2}", t.id, t.score);
    }
    // The whole record, as the CLI prints it.
    let json = serde_json::to_string_pretty(&doc).unwrap_or_default();
    println!("{json}");
    Ok(())
}
