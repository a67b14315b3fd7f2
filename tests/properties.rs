//! Invariants over arbitrary text: no panic, valid sorted spans, determinism.

use newsfacts::{Document, Extractor};
use proptest::prelude::*;
use std::sync::LazyLock;

static EX: LazyLock<Extractor> = LazyLock::new(|| Extractor::builder().build().unwrap());

fn check(text: &str, doc: &Document) -> Result<(), TestCaseError> {
    for e in &doc.entities {
        prop_assert!(e.start <= e.end && e.end <= text.len());
        prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        prop_assert_eq!(&text[e.start..e.end], e.text.as_str());
    }
    prop_assert!(
        doc.entities.windows(2).all(|w| w[0].end <= w[1].start),
        "entities sorted, disjoint"
    );
    for f in &doc.facts {
        prop_assert!(f.start <= f.end && f.end <= text.len());
        prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        prop_assert_eq!(&text[f.start..f.end], f.text.as_str());
        prop_assert!(f.value.is_finite());
    }
    prop_assert!(
        doc.facts.windows(2).all(|w| w[0].start <= w[1].start),
        "facts sorted"
    );
    for t in &doc.topics {
        prop_assert!((0.0..=1.0).contains(&t.score));
    }
    prop_assert_eq!(&EX.extract(text), doc, "deterministic");
    Ok(())
}

/// Pieces that make the stages work hard: names, elisions, digits,
/// separators, currency symbols, units, qualifiers, odd Unicode.
const PIECES: &[&str] = &[
    "Chine",
    "l’Inde",
    "d’Nvidia",
    "NVIDIA’s",
    "États-Unis",
    "U.S.",
    "UK",
    "Jensen Huang",
    "Huang",
    "OpenAI",
    "Mistral AI",
    "Mistral",
    " ",
    "\u{a0}",
    "\u{202f}",
    ",",
    ".",
    "’",
    "'",
    "-",
    "(",
    ")",
    "0",
    "1",
    "5",
    "66",
    "1 000",
    "2,5",
    "1,234.5",
    "€",
    "$",
    "S$",
    "US$",
    "£",
    "¥",
    "%",
    " %",
    "milliards",
    "millions",
    "bn",
    "Md€",
    "M€",
    "GW",
    "MW",
    "TWh",
    "environ",
    "plus de",
    "up to",
    "more than",
    "de dollars",
    "d’euros",
    "en 2024",
    "passer de",
    " à ",
    "E\u{301}",
    "ß",
    "İ",
    "😀",
    "\u{300}",
    "华为",
    "\n",
    "\t",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_unicode(text in "\\PC{0,200}") {
        let doc = EX.extract(text.as_str());
        check(&text, &doc)?;
    }

    #[test]
    fn news_like_pieces(parts in prop::collection::vec(prop::sample::select(PIECES), 0..60)) {
        let text: String = parts.concat();
        let doc = EX.extract(text.as_str());
        check(&text, &doc)?;
    }
}
