//! End-to-end cases on sentences written for these tests, with expected
//! records checked by hand.

use newsfacts::{Document, EntityKind, Extractor, Input, Lang};
use std::sync::LazyLock;

static DEFAULT: LazyLock<Extractor> = LazyLock::new(|| Extractor::builder().build().unwrap());

/// A gazetteer of its own, so the mechanism tests do not move with the data.
const TEST_GAZ: &str = "surface\tkind\tname\tid\tflags\n\
Inde\tcountry\tIndia\tcountry:in\n\
India\tcountry\tIndia\tcountry:in\n\
États-Unis\tcountry\tUnited States\tcountry:us\n\
US\tcountry\tUnited States\tcountry:us\tcase\n\
Nvidia\tcompany\tNVIDIA\tcompany:nvidia\n\
OpenAI\tcompany\tOpenAI\tcompany:openai\n\
IA\tcompany\tIA Corp\tcompany:ia\tcase\n\
Orange\tcompany\tOrange\tcompany:orange\tcase\n\
New York\tlocation\tNew York City\n\
New York Times\tcompany\tThe New York Times\n\
Jensen Huang\tperson\tJensen Huang\n\
Banque centrale européenne\torganization\tEuropean Central Bank\n";

static MINE: LazyLock<Extractor> = LazyLock::new(|| {
    Extractor::builder()
        .default_gazetteers(false)
        .gazetteer_tsv("test.tsv", TEST_GAZ)
        .build()
        .unwrap()
});

fn check_spans(text: &str, doc: &Document) {
    for e in &doc.entities {
        assert_eq!(&text[e.start..e.end], e.text, "entity span in {text:?}");
    }
    for f in &doc.facts {
        assert_eq!(&text[f.start..f.end], f.text, "fact span in {text:?}");
    }
}

fn mentions(ex: &Extractor, text: &str) -> Vec<(String, String)> {
    let doc = ex.extract(text);
    check_spans(text, &doc);
    doc.entities.into_iter().map(|e| (e.text, e.name)).collect()
}

/// name, text, expected (mention, canonical name) pairs
type Row<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

#[test]
fn matching_mechanism() {
    let rows: &[Row] = &[
        (
            "elision l’",
            "Le marché de l’Inde grandit.",
            &[("Inde", "India")],
        ),
        (
            "elision d’ and qu’",
            "Les puces d’Nvidia, qu’OpenAI achète.",
            &[("Nvidia", "NVIDIA"), ("OpenAI", "OpenAI")],
        ),
        ("straight apostrophe", "l'Inde", &[("Inde", "India")]),
        (
            "possessive",
            "Nvidia’s chips and OpenAI's models",
            &[("Nvidia", "NVIDIA"), ("OpenAI", "OpenAI")],
        ),
        (
            "accents folded",
            "les ETATS-UNIS et les Etats-Unis",
            &[
                ("ETATS-UNIS", "United States"),
                ("Etats-Unis", "United States"),
            ],
        ),
        (
            "not inside a word",
            "L’Indépendance de l’Inde",
            &[("Inde", "India")],
        ),
        (
            "case-sensitive acronym",
            "IAM, l’ia et l’IA",
            &[("IA", "IA Corp")],
        ),
        (
            "case-sensitive common word",
            "une orange et Orange",
            &[("Orange", "Orange")],
        ),
        (
            "US only as written",
            "us and US",
            &[("US", "United States")],
        ),
        (
            "longest of overlapping names",
            "The New York Times in New York",
            &[
                ("New York Times", "The New York Times"),
                ("New York", "New York City"),
            ],
        ),
        (
            "shorter when longest is cut",
            "New York Timesquare",
            &[("New York", "New York City")],
        ),
        (
            "nbsp inside a name",
            "Jensen\u{a0}Huang parle",
            &[("Jensen\u{a0}Huang", "Jensen Huang")],
        ),
        (
            "narrow nbsp",
            "Banque\u{202f}centrale européenne",
            &[("Banque\u{202f}centrale européenne", "European Central Bank")],
        ),
        (
            "surname after full name",
            "Jensen Huang arrive. Huang parle.",
            &[("Jensen Huang", "Jensen Huang"), ("Huang", "Jensen Huang")],
        ),
        ("surname alone is not enough", "Huang parle.", &[]),
        (
            "decomposed accents",
            "E\u{301}tats-Unis",
            &[("E\u{301}tats-Unis", "United States")],
        ),
    ];
    for (name, text, want) in rows {
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(mentions(&MINE, text), want, "row {name}: {text:?}");
    }
}

#[test]
fn default_data_french_article() {
    let text =
        "Jensen Huang, PDG de NVIDIA, était à Pékin lundi. La Chine reste un marché clé pour \
                Nvidia, selon Huang, tandis que les États-Unis durcissent leurs contrôles.";
    let doc = DEFAULT.extract(Input::new(text).id("t1"));
    check_spans(text, &doc);
    assert_eq!(doc.id.as_deref(), Some("t1"));
    assert_eq!(doc.lang, Some(Lang::Fr));
    let got: Vec<(&str, &str, EntityKind)> = doc
        .entities
        .iter()
        .map(|e| (e.text.as_str(), e.name.as_str(), e.kind))
        .collect();
    for want in [
        ("Jensen Huang", "Jensen Huang", EntityKind::Person),
        ("NVIDIA", "NVIDIA", EntityKind::Company),
        ("Chine", "China", EntityKind::Country),
        ("Nvidia", "NVIDIA", EntityKind::Company),
        ("Huang", "Jensen Huang", EntityKind::Person),
        ("États-Unis", "United States", EntityKind::Country),
    ] {
        assert!(got.contains(&want), "missing {want:?} in {got:?}");
    }
    // Ids are stable across languages.
    let en = DEFAULT.extract("China and the United States");
    let fr_china = doc.entities.iter().find(|e| e.name == "China").unwrap();
    assert_eq!(en.entities[0].id, fr_china.id);
}

#[test]
fn default_data_english_article() {
    let text =
        "NVIDIA’s chief executive Jensen Huang said the U.S. and the UK would buy more chips; \
                Huang also met OpenAI.";
    let doc = DEFAULT.extract(text);
    check_spans(text, &doc);
    assert_eq!(doc.lang, Some(Lang::En));
    let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "NVIDIA",
            "Jensen Huang",
            "United States",
            "United Kingdom",
            "Jensen Huang",
            "OpenAI"
        ]
    );
}

#[test]
fn records_have_every_array_and_sorted_entities() {
    let doc = DEFAULT.extract("");
    let v = serde_json::to_value(&doc).unwrap();
    for key in ["entities", "facts", "topics", "keyphrases"] {
        assert!(v[key].is_array(), "{key}");
    }
    let text = "La Chine, l’Inde et les États-Unis. China, India and the U.S.";
    let doc = DEFAULT.extract(text);
    assert!(doc.entities.windows(2).all(|w| w[0].end <= w[1].start));
    assert_eq!(doc.entities.len(), 6);
}

#[test]
fn shared_across_threads() {
    let texts: Vec<String> = (0..8)
        .map(|i| format!("Document {i}: la Chine et l’Inde."))
        .collect();
    let results: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = texts
            .iter()
            .map(|t| s.spawn(|| DEFAULT.extract(t.as_str()).entities.len()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results, vec![2; 8]);
}
