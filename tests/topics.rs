//! End-to-end topics and key phrases, on sentences written for these tests.

use newsfacts::{Document, Extractor, Input, Lang};

fn about(doc: &Document) -> Vec<&str> {
    doc.topics
        .iter()
        .filter(|t| t.score >= 0.5)
        .map(|t| t.id.as_str())
        .collect()
}

fn check_invariants(text: &str, doc: &Document) {
    assert!(
        doc.topics.windows(2).all(|w| w[0].score >= w[1].score),
        "{text:?}: {:?}",
        doc.topics
    );
    for t in &doc.topics {
        assert!(
            t.score.is_finite() && (0.0..=1.0).contains(&t.score),
            "{text:?}: {t:?}"
        );
    }
    assert!(doc.keyphrases.len() <= 10, "{text:?}");
    for k in &doc.keyphrases {
        assert!(
            text.contains(k.text.as_str()),
            "{text:?}: {:?} is not written in the text",
            k.text
        );
        assert!(
            k.score.is_finite() && (0.0..=1.0).contains(&k.score),
            "{text:?}: {k:?}"
        );
    }
}

#[test]
fn default_taxonomy() {
    let ex = Extractor::builder().build().unwrap();
    // (name, text, topics it must be about, topics it must not be about)
    let rows: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "fr chips and export controls",
            "Washington durcit les contrôles à l’exportation de semi-conducteurs vers la Chine. \
             Les fabricants de puces américains ne pourront plus livrer leurs processeurs graphiques \
             les plus avancés, une mesure que Pékin qualifie de guerre commerciale. Les fonderies \
             taïwanaises craignent des représailles.",
            &["semiconductors", "trade_geopolitics"],
            &["energy", "employment"],
        ),
        (
            "en data centre power",
            "The operator will build a 300-megawatt data center campus near the city, and the local \
             utility warned that electricity demand from data centers could strain the power grid. \
             The site will rely on a power purchase agreement with a nuclear plant and on liquid cooling.",
            &["data_centers", "energy"],
            &["cybersecurity", "telecom"],
        ),
        (
            "fr funding round",
            "La jeune pousse a bouclé une levée de fonds de 200 millions d’euros lors d’un tour de table \
             mené par des fonds de capital-risque. Les investisseurs misent sur ses modèles de langage \
             et son assistant d’intelligence artificielle pour les entreprises.",
            &["investment", "ai"],
            &["trade_geopolitics", "telecom"],
        ),
        (
            "en ransomware",
            "Hackers used a zero-day vulnerability to deploy ransomware across the hospital network. \
             The cyberattack encrypted patient files and the attackers demanded a ransom; \
             cybersecurity officials urged others to patch the flaw.",
            &["cybersecurity"],
            &["markets", "investment"],
        ),
        (
            "en acquisition",
            "The software group agreed to acquire its smaller rival in a takeover worth $4 billion. \
             The acquisition, the largest merger in the sector this year, still needs antitrust approval.",
            &["mergers_acquisitions"],
            &["energy", "research"],
        ),
        ("a brush is not a topic", "The mayor opened a new library; a local chip shop sponsored the event.", &[], &["semiconductors"]),
        ("empty", "", &[], &[]),
        ("blank", " \n\t ", &[], &[]),
    ];
    for (name, text, want, not) in rows {
        let doc = ex.extract(*text);
        check_invariants(text, &doc);
        let got = about(&doc);
        for w in *want {
            assert!(
                got.contains(w),
                "row {name}: {w} missing from {:?}",
                doc.topics
            );
        }
        for n in *not {
            assert!(!got.contains(n), "row {name}: {n} in {:?}", doc.topics);
        }
        assert!(
            got.len() <= 3,
            "row {name}: more than 3 topics: {:?}",
            doc.topics
        );
    }
}

#[test]
fn empty_document_has_no_topics_and_no_keyphrases() {
    let ex = Extractor::builder().build().unwrap();
    for lang in [Lang::Fr, Lang::En] {
        let doc = ex.extract(Input::new("").lang(lang));
        assert!(
            doc.topics.is_empty() && doc.keyphrases.is_empty(),
            "{lang}: {doc:?}"
        );
    }
}

#[test]
fn user_taxonomy_extends_or_replaces() {
    let dir = std::env::temp_dir().join(format!("newsfacts-topics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("space.tsv");
    std::fs::write(
        &file,
        "topic\tlabel\tlang\tkeyword\tweight\n\
         space\tEspace\tfr\n\
         space\tSpace\ten\trocket launch\t2\n\
         space\t\ten\tlaunch pad\t2\n\
         space\t\ten\torbit\t1.5\n\
         space\t\tfr\tlanceur\t2\n",
    )
    .unwrap();
    let text =
        "The rocket launch was delayed twice at the launch pad, but the satellite finally reached \
                orbit; investors in the launch company cheered the successful rocket launch.";
    let extended = Extractor::builder().taxonomy_file(&file).build().unwrap();
    let replaced = Extractor::builder()
        .taxonomy_file(&file)
        .default_taxonomy(false)
        .build()
        .unwrap();
    let rows: &[(&str, &Extractor, &[&str])] = &[
        ("extends the default", &extended, &["space", "investment"]),
        ("replaces the default", &replaced, &["space"]),
    ];
    for (name, ex, want) in rows {
        let doc = ex.extract(text);
        check_invariants(text, &doc);
        let ids: Vec<&str> = doc.topics.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            about(&doc).first(),
            Some(&"space"),
            "row {name}: {:?}",
            doc.topics
        );
        for w in *want {
            assert!(
                ids.contains(w),
                "row {name}: {w} not scored: {:?}",
                doc.topics
            );
        }
        if !want.contains(&"investment") {
            assert_eq!(
                ids,
                ["space"],
                "row {name}: default topics left: {:?}",
                doc.topics
            );
        }
    }

    std::fs::write(
        &file,
        "space\tSpace\ten\torbit\t1\nspace\tSpace\ten\tlaunch\theavy\n",
    )
    .unwrap();
    let e = Extractor::builder()
        .taxonomy_file(&file)
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        e.ends_with("space.tsv:2: weight \"heavy\" must be a number from 0 to 100"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn keyphrases_are_phrases_of_the_text() {
    let ex = Extractor::builder().build().unwrap();
    let text = "Les centres de données consomment de plus en plus d’électricité. \
                Le gestionnaire du réseau électrique prévoit que les centres de données \
                représenteront une part croissante de la demande. Les opérateurs de centres \
                de données cherchent des contrats d’électricité bas carbone.";
    let doc = ex.extract(text);
    check_invariants(text, &doc);
    let phrases: Vec<&str> = doc.keyphrases.iter().map(|k| k.text.as_str()).collect();
    assert!(phrases.contains(&"centres de données"), "{phrases:?}");
    assert!(
        phrases.iter().any(|p| p.contains(' ')),
        "no multiword phrase: {phrases:?}"
    );
}

#[test]
fn keyphrases_prefer_names_and_phrases_to_lone_acronyms() {
    // Titles and abbreviations (`PDG`, `CEO`) are capitalised words that
    // YAKE's casing feature loves; they must come after the names and the
    // phrases that say what the story is about.
    let ex = Extractor::builder().build().unwrap();
    let rows: &[(&str, &str, Lang, &[&str])] = &[
        (
            "fr title before a name",
            "Le PDG de Renault, Luca de Meo, a présenté à Paris un plan de véhicules électriques. \
             Selon le PDG, les véhicules électriques représenteront la moitié des ventes.",
            Lang::Fr,
            &["PDG"],
        ),
        (
            "en abbreviations around a name",
            "The CEO of Microsoft, Satya Nadella, told analysts in Seattle that cloud revenue \
             grew. The CFO said cloud revenue would keep growing, and the CEO agreed.",
            Lang::En,
            &["CEO", "CFO"],
        ),
    ];
    for (name, text, lang, lone) in rows {
        let doc = ex.extract(Input::new(text).lang(*lang));
        check_invariants(text, &doc);
        let phrases: Vec<&str> = doc.keyphrases.iter().map(|k| k.text.as_str()).collect();
        let first = phrases.first().copied().unwrap_or_default();
        assert!(
            !lone.contains(&first),
            "row {name}: a lone abbreviation ranks first: {phrases:?}"
        );
        let rank = |p: &str| phrases.iter().position(|q| *q == p);
        let best_name = doc
            .entities
            .iter()
            .filter_map(|e| rank(&e.text))
            .min()
            .unwrap_or(usize::MAX);
        // The first phrase of two or more words that is not a name.
        let best_phrase = phrases
            .iter()
            .position(|p| p.contains(' ') && !doc.entities.iter().any(|e| e.text == *p))
            .unwrap_or(usize::MAX);
        assert!(
            best_phrase < usize::MAX,
            "row {name}: no phrase: {phrases:?}"
        );
        for l in *lone {
            assert!(
                rank(l).is_none_or(|r| r > best_name && r > best_phrase),
                "row {name}: {l} ranks above a name or a phrase: {phrases:?}"
            );
        }
    }
}

#[test]
fn huge_and_weird_documents() {
    let ex = Extractor::builder().build().unwrap();
    let rows: Vec<(&str, String)> = vec![
        (
            "repeated paragraph",
            "Nvidia sells GPUs to data centers. ".repeat(40_000),
        ),
        ("no spaces", "a".repeat(200_000)),
        ("punctuation", "., ;!?«»—".repeat(10_000)),
        (
            "mixed scripts",
            "华为 芯片 Ωmega ǅ 𝔸 e\u{301} \u{feff}".repeat(5_000),
        ),
    ];
    for (name, text) in rows {
        let doc = ex.extract(text.as_str());
        check_invariants(&text, &doc);
        assert!(doc.keyphrases.len() <= 10, "row {name}");
    }
}
