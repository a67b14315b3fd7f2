//! End-to-end numeric facts on sentences written for these tests.

use newsfacts::{Extractor, FactKind, Input, Lang, Predicate, Qualifier};

fn extractor() -> Extractor {
    Extractor::builder()
        .gazetteer_tsv(
            "test.tsv",
            "Helicell\tcompany\tHelicell\nBrightforge\tcompany\tBrightforge\nSingapour\tcountry\tSingapore\tcountry:sg\n",
        )
        .build()
        .expect("build")
}

#[test]
fn french_investment_with_equivalent() {
    let ex = extractor();
    let text = "Singapour investira plus de S$2 milliards (environ 1,5 milliard de dollars américains) dans le calcul.";
    let doc = ex.extract(Input::new(text).lang(Lang::Fr));
    let f = &doc.facts;
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(
        (f[0].text.as_str(), f[0].value, f[0].unit.as_deref()),
        ("S$2 milliards", 2e9, Some("SGD"))
    );
    assert_eq!(f[0].qualifier, Some(Qualifier::MoreThan));
    assert_eq!(f[0].subject.as_deref(), Some("Singapore"));
    assert_eq!(f[0].predicate, Some(Predicate::Investment));
    assert_eq!(
        (f[1].value, f[1].unit.as_deref(), f[1].qualifier),
        (1.5e9, Some("USD"), Some(Qualifier::About))
    );
    assert_eq!(f[1].equivalent_of, Some(0));
    for fact in f {
        assert_eq!(&text[fact.start..fact.end], fact.text);
    }
}

#[test]
fn french_change_and_years() {
    let ex = extractor();
    let text =
        "La part de marché de Helicell devrait passer de 40 % en 2024 à environ 12 % en 2026.";
    let doc = ex.extract(Input::new(text).lang(Lang::Fr));
    let f = &doc.facts;
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(
        (f[0].value, f[0].year, f[0].predicate),
        (40.0, Some(2024), Some(Predicate::MarketShare))
    );
    assert_eq!(
        (f[1].value, f[1].year, f[1].qualifier),
        (12.0, Some(2026), Some(Qualifier::About))
    );
    assert_eq!(f[1].change_from, Some(0));
    assert_eq!(f[1].subject.as_deref(), Some("Helicell"));
}

#[test]
fn english_funding_range_and_capacity() {
    let ex = extractor();
    let text = "Brightforge raised $300m in a funding round and plans a 2-3 GW campus, with up to 500 MW by 2027.";
    let doc = ex.extract(Input::new(text).lang(Lang::En));
    let got: Vec<(&str, FactKind, f64, Option<&str>)> = doc
        .facts
        .iter()
        .map(|f| (f.text.as_str(), f.kind, f.value, f.unit.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("$300m", FactKind::Money, 3e8, Some("USD")),
            ("2", FactKind::Quantity, 2.0, Some("GW")),
            ("3 GW", FactKind::Quantity, 3.0, Some("GW")),
            ("500 MW", FactKind::Quantity, 500.0, Some("MW")),
        ]
    );
    assert_eq!(doc.facts[0].predicate, Some(Predicate::Funding));
    assert_eq!(doc.facts[0].subject.as_deref(), Some("Brightforge"));
    assert_eq!(
        (doc.facts[1].range_with, doc.facts[2].range_with),
        (Some(2), Some(1))
    );
    assert_eq!(
        (doc.facts[3].qualifier, doc.facts[3].predicate),
        (Some(Qualifier::UpTo), Some(Predicate::Capacity))
    );
    assert_eq!(doc.facts[3].year, Some(2027));
}

#[test]
fn english_billion_is_not_french_billion() {
    let ex = extractor();
    let en = ex.extract(Input::new("It will spend 2 billion euros.").lang(Lang::En));
    let fr = ex.extract(Input::new("Il dépensera 2 billions d’euros.").lang(Lang::Fr));
    assert_eq!(en.facts[0].value, 2e9);
    assert_eq!(fr.facts[0].value, 2e12);
}

#[test]
fn odd_inputs_never_panic_and_spans_hold() {
    let ex = extractor();
    let nines = "9".repeat(500);
    let texts = [
        "",
        "$",
        "€€€ 1,,2 ..3 %%",
        "1\u{a0}",
        "—5—",
        "S$",
        "entre et milliards",
        nines.as_str(),
        "1,1^99999 pour cent",
        "Œ 2 M€ ½ 3,5 Md€ l’État 10 000,5 € 7 GW",
        "a a a a dollars",
        "-",
        "+-1 %",
        "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8",
    ];
    for t in texts {
        for lang in [Lang::Fr, Lang::En] {
            let doc = ex.extract(Input::new(t).lang(lang));
            for f in &doc.facts {
                assert_eq!(t.get(f.start..f.end), Some(f.text.as_str()), "{t:?}");
                assert!(f.value.is_finite(), "{t:?}");
            }
            assert!(
                doc.facts.windows(2).all(|w| w[0].start <= w[1].start),
                "{t:?}"
            );
        }
    }
}
