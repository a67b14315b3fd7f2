//! Hostile input: huge documents, endless tokens, thousands of numbers,
//! numbers beyond f64. Nothing panics, spans hold, output stays finite, and
//! the work stays linear (sizes here are large enough to expose a quadratic
//! stage as a test that never ends, small enough for CI).

use newsfacts::{Document, Extractor, FactKind};
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::LazyLock;

static EX: LazyLock<Extractor> = LazyLock::new(|| Extractor::builder().build().unwrap());

fn check(text: &str, doc: &Document) {
    for e in &doc.entities {
        assert_eq!(&text[e.start..e.end], e.text);
    }
    for f in &doc.facts {
        assert_eq!(&text[f.start..f.end], f.text);
        assert!(f.value.is_finite());
    }
    for t in &doc.topics {
        assert!(t.score.is_finite() && (0.0..=1.0).contains(&t.score));
    }
}

#[test]
fn a_long_document_of_news_sentences() {
    let sentence = "Jensen Huang, PDG de NVIDIA, annonce 2,5 milliards d’euros en Chine ; \
                    la part passe de 66 % à 8 %. ";
    let text = sentence.repeat(20_000); // ~2 MB, 100k facts and entities
    let doc = EX.extract(text.as_str());
    check(&text, &doc);
    assert_eq!(
        doc.facts
            .iter()
            .filter(|f| f.kind == FactKind::Money)
            .count(),
        20_000
    );
    assert_eq!(
        doc.entities.iter().filter(|e| e.name == "China").count(),
        20_000
    );
}

#[test]
fn one_sentence_with_thousands_of_amounts() {
    // No sentence end: the relater's window keeps this linear.
    let text: String = (0..20_000).map(|i| format!("{} € ", 1000 + i)).collect();
    let doc = EX.extract(text.as_str());
    check(&text, &doc);
    assert_eq!(doc.facts.len(), 20_000);
    assert!(doc.facts.iter().all(|f| f.unit.as_deref() == Some("EUR")));
}

#[test]
fn an_acronym_repeated_all_document_long() {
    let text = format!(
        "Le groupe Dell (DLX) a publié ses prévisions. {}",
        "DLX revoit ses chiffres. ".repeat(40_000)
    );
    let doc = EX.extract(text.as_str());
    check(&text, &doc);
    // An acronym introduced in parentheses links every later occurrence.
    let dlx = doc.entities.iter().filter(|e| e.text == "DLX").count();
    assert_eq!(dlx, 40_001);
    assert!(doc.entities.iter().all(|e| e.id == doc.entities[0].id));
}

#[test]
fn a_token_without_spaces() {
    let text = "a".repeat(2_000_000);
    let doc = EX.extract(text.as_str());
    assert!(doc.entities.is_empty() && doc.facts.is_empty());
    let text = "Chine".repeat(200_000);
    assert!(
        EX.extract(text.as_str()).entities.is_empty(),
        "no word boundary inside the token"
    );
}

#[test]
fn numbers_beyond_f64_are_not_facts() {
    let huge = "9".repeat(20_000);
    let text = format!("Il y a {huge} euros et {huge},5 % de plus, puis 3 % et ${huge}.");
    let doc = EX.extract(text.as_str());
    check(&text, &doc);
    let got: Vec<&str> = doc.facts.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(got, ["3 %"]);
}

#[test]
fn cli_keeps_good_lines_around_hostile_ones() {
    let big = format!(
        "{{\"id\":\"big\",\"text\":\"{}\"}}\n",
        "Inde. ".repeat(200_000)
    );
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\":\"a\",\"text\":\"La Chine.\"}\n");
    input.extend_from_slice(big.as_bytes());
    input.extend_from_slice(b"{\"id\":\"n\",\"text\":null}\n");
    input.extend_from_slice(format!("{}\n", "[".repeat(10_000)).as_bytes());
    input.extend_from_slice(b"\xff\xfe\n");
    input.extend_from_slice(b"{\"id\":\"z\",\"text\":\"L\xe2\x80\x99Inde.\"}\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsfacts"))
        .args(["extract", "--threads", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let ids: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["a", "big", "z"]);
    let err = String::from_utf8(out.stderr).unwrap();
    for line in [
        "<stdin>:3: no \"text\" string",
        "<stdin>:4: invalid JSON",
        "<stdin>:5: invalid UTF-8",
    ] {
        assert!(err.contains(line), "{line:?} missing from {err}");
    }
}
