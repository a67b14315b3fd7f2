//! Names that are also ordinary words or other things: each one matches in a
//! sentence where it is the entity and stays silent where it is not
//! (case flags, the capital rule and `data/lexicon/context.tsv`).

use newsfacts::{Extractor, Input, Lang};
use std::sync::LazyLock;

static EX: LazyLock<Extractor> = LazyLock::new(|| Extractor::builder().build().unwrap());

/// `name` is (or is not) found with entity id `id` in `text`.
fn ids(text: &str, lang: Lang) -> Vec<String> {
    let doc = EX.extract(Input::new(text).lang(lang));
    doc.entities.into_iter().map(|e| e.id).collect()
}

/// name, id, language, a sentence where it must match, one where it must not
type Row<'a> = (&'a str, &'a str, Lang, &'a str, &'a str);

#[test]
fn ambiguous_names() {
    use Lang::{En, Fr};
    let rows: &[Row] = &[
        (
            "Orange",
            "company:orange",
            Fr,
            "Orange a signé un accord avec Nokia pour la 5G.",
            "Il portait une chemise orange. Orange juice sales fell.",
        ),
        (
            "Apple",
            "company:apple",
            En,
            "Apple unveiled a new iPhone on Tuesday.",
            "She ate an apple. Apple pie is a classic dessert.",
        ),
        (
            "Meta",
            "company:meta",
            En,
            "Meta is spending billions on AI infrastructure.",
            "The meta data was lost in a meta-analysis.",
        ),
        (
            "Total",
            "company:totalenergies",
            En,
            "Total signed a gas deal with Qatar.",
            "Total revenue rose 5%. The total was higher.",
        ),
        (
            "Arm",
            "company:arm",
            En,
            "Arm licenses chip designs to Qualcomm.",
            "He broke his arm. Arm in arm, they walked.",
        ),
        (
            "Intel",
            "company:intel",
            En,
            "Intel reported a loss in its foundry business.",
            "The army gathered intel on enemy positions.",
        ),
        (
            "Amazon",
            "company:amazon",
            En,
            "Amazon announced new data centers in Ohio.",
            "Fishing on the Amazon river is regulated.",
        ),
        (
            "Jordan",
            "country:jo",
            Fr,
            "La Jordanie et Jordan ont signé un accord avec l’Égypte.",
            "Jordan Bardella a déclaré vouloir baisser les impôts.",
        ),
        (
            "Georgia",
            "country:ge",
            En,
            "Georgia and Armenia held talks in Tbilisi.",
            "Atlanta, Georgia, is a large data center market.",
        ),
        (
            "Mercedes",
            "company:mercedes-benz",
            En,
            "Mercedes sold more cars in China last year.",
            "Mercedes Sosa was an Argentine singer.",
        ),
        (
            "Nice",
            "location:nice",
            Fr,
            "Le sommet se tiendra à Nice en juin.",
            "Nice work, said the manager; a nice day.",
        ),
    ];
    for (name, id, lang, yes, no) in rows {
        assert!(
            ids(yes, *lang).iter().any(|x| x == id),
            "{name}: {id} missing in {yes:?}"
        );
        assert!(
            !ids(no, *lang).iter().any(|x| x == id),
            "{name}: {id} wrongly found in {no:?}"
        );
    }
}
