//! JSON Lines output of a [`Document`]: the bytes `serde_json` writes for
//! it, written without going through serde.
//!
//! Why a second path next to the serde derive: serializing was the largest
//! cost of the CLI's writer thread (a 50 MB corpus yields 171 MB of JSON).
//! serde_json escapes every string byte by byte and writes each key, quote and
//! comma as a separate call; here keys are constant byte strings and a
//! string that needs no escape (nearly all of them) is copied whole. Strings
//! that do need escaping and all floats still go through `serde_json`, so
//! the output is byte-identical (a test compares both on every record shape).

use crate::record::{Document, Entity, Fact, Keyphrase, TopicScore};

impl Document {
    /// Appends this document as one line of JSON (without the line feed) to
    /// `out`: the same bytes as `serde_json::to_writer`, about three times
    /// faster.
    ///
    /// ```
    /// use newsfacts::Extractor;
    /// let doc = Extractor::builder().build()?.extract("La Chine a investi 2 milliards d’euros.");
    /// let mut line = Vec::new();
    /// doc.write_json(&mut line);
    /// assert_eq!(line, serde_json::to_vec(&doc).unwrap());
    /// # Ok::<(), newsfacts::Error>(())
    /// ```
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"id\":");
        opt_str(out, self.id.as_deref());
        out.extend_from_slice(b",\"lang\":");
        opt_str(out, self.lang.map(|l| l.code()));
        out.extend_from_slice(b",\"entities\":");
        list(out, &self.entities, entity);
        out.extend_from_slice(b",\"facts\":");
        list(out, &self.facts, fact);
        out.extend_from_slice(b",\"topics\":");
        list(out, &self.topics, topic);
        out.extend_from_slice(b",\"keyphrases\":");
        list(out, &self.keyphrases, keyphrase);
        out.push(b'}');
    }
}

fn list<T>(out: &mut Vec<u8>, items: &[T], write: fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

/// The fields entities and facts open with, in their serde order:
/// `{"start":…,"end":…,"text":…,"kind":…`.
fn span_head(out: &mut Vec<u8>, start: usize, end: usize, text: &str, kind: &str) {
    out.extend_from_slice(b"{\"start\":");
    uint(out, start);
    out.extend_from_slice(b",\"end\":");
    uint(out, end);
    out.extend_from_slice(b",\"text\":");
    string(out, text);
    out.extend_from_slice(b",\"kind\":");
    string(out, kind);
}

fn entity(out: &mut Vec<u8>, e: &Entity) {
    span_head(out, e.start, e.end, &e.text, e.kind.as_str());
    out.extend_from_slice(b",\"name\":");
    string(out, &e.name);
    out.extend_from_slice(b",\"id\":");
    string(out, &e.id);
    out.push(b'}');
}

fn fact(out: &mut Vec<u8>, f: &Fact) {
    span_head(out, f.start, f.end, &f.text, f.kind.as_str());
    out.extend_from_slice(b",\"value\":");
    float(out, f.value);
    out.extend_from_slice(b",\"unit\":");
    opt_str(out, f.unit.as_deref());
    out.extend_from_slice(b",\"qualifier\":");
    opt_str(out, f.qualifier.map(|q| q.as_str()));
    out.extend_from_slice(b",\"subject\":");
    opt_str(out, f.subject.as_deref());
    out.extend_from_slice(b",\"subject_id\":");
    opt_str(out, f.subject_id.as_deref());
    out.extend_from_slice(b",\"predicate\":");
    opt_str(out, f.predicate.map(|p| p.as_str()));
    out.extend_from_slice(b",\"year\":");
    match f.year {
        Some(y) => {
            if y < 0 {
                out.push(b'-');
            }
            uint(out, y.unsigned_abs() as usize);
        }
        None => out.extend_from_slice(b"null"),
    }
    for (key, v) in [
        (&b",\"equivalent_of\":"[..], f.equivalent_of),
        (b",\"change_from\":", f.change_from),
        (b",\"range_with\":", f.range_with),
    ] {
        out.extend_from_slice(key);
        match v {
            Some(n) => uint(out, n),
            None => out.extend_from_slice(b"null"),
        }
    }
    out.push(b'}');
}

fn topic(out: &mut Vec<u8>, t: &TopicScore) {
    out.extend_from_slice(b"{\"id\":");
    string(out, &t.id);
    out.extend_from_slice(b",\"score\":");
    float(out, t.score);
    out.push(b'}');
}

fn keyphrase(out: &mut Vec<u8>, k: &Keyphrase) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &k.text);
    out.extend_from_slice(b",\"score\":");
    float(out, k.score);
    out.push(b'}');
}

fn opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A JSON string: copied whole between quotes when no byte needs an escape
/// (a control character, `"` or `\`), else escaped by serde_json.
fn string(out: &mut Vec<u8>, s: &str) {
    // No early exit: the compiler turns this fold into vector compares.
    let plain = s
        .bytes()
        .fold(true, |ok, b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'));
    if plain {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        serde_value(out, s);
    }
}

/// Floats as serde_json writes them (its shortest round-trip form, `null`
/// for non-finite values).
fn float(out: &mut Vec<u8>, v: f64) {
    serde_value(out, &v);
}

fn serde_value<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    // Writing to a Vec cannot fail, and strings and floats always serialize.
    let _ = serde_json::to_writer(out, v);
}

fn uint(out: &mut Vec<u8>, mut n: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{EntityKind, FactKind, Lang, Predicate, Qualifier};

    fn same_as_serde(doc: &Document) {
        let mut mine = Vec::new();
        doc.write_json(&mut mine);
        let want = serde_json::to_vec(doc).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&mine),
            String::from_utf8_lossy(&want)
        );
    }

    #[test]
    fn empty_document() {
        same_as_serde(&Document::default());
    }

    #[test]
    fn every_field_and_escape() {
        let awkward = [
            "plain",
            "",
            "quote \" and backslash \\",
            "tab\tline\nfeed\r\u{0}\u{1f}",
            "del \u{7f}, é, €, 𝔸, \u{2028}",
        ];
        let mut doc = Document {
            id: Some(awkward[2].into()),
            lang: Some(Lang::Fr),
            ..Document::default()
        };
        for (i, s) in awkward.iter().enumerate() {
            doc.entities.push(Entity {
                start: i,
                end: usize::MAX - i,
                text: s.to_string(),
                kind: EntityKind::Organization,
                name: s.to_string(),
                id: format!("organization:{s}"),
            });
            let mut f = Fact::new(
                i,
                i + 1,
                s,
                FactKind::Money,
                [0.5, 1e21, -3.0, 2.5e9, 0.0][i],
            );
            if i % 2 == 0 {
                f.unit = Some(s.to_string());
                f.qualifier = Some(Qualifier::MoreThan);
                f.subject = Some(s.to_string());
                f.subject_id = Some(s.to_string());
                f.predicate = Some(Predicate::MarketShare);
                f.year = Some([2024, -44, 0][i / 2]);
                f.equivalent_of = Some(i);
                f.change_from = Some(0);
                f.range_with = Some(usize::MAX);
            }
            doc.facts.push(f);
            doc.topics.push(TopicScore {
                id: s.to_string(),
                score: 1.0 / (i as f64 + 3.0),
            });
            doc.keyphrases.push(Keyphrase {
                text: s.to_string(),
                score: f64::NAN,
            });
        }
        same_as_serde(&doc);
        doc.lang = None;
        doc.id = None;
        same_as_serde(&doc);
    }

    #[test]
    fn extracted_documents() {
        let ex = crate::Extractor::builder().build().unwrap();
        for text in [
            "Nvidia a investi plus de S$1 000 millions à Singapour en 2024, selon Jensen Huang.",
            "La part de marché de NVIDIA en Chine pourrait passer de 66 % en 2024 à environ 8 %.",
            "OpenAI will add about 1.2 GW of capacity in Texas, up 12.5% on the year.",
            "« Il a dit \"non\" », écrit\tLe Monde.",
        ] {
            same_as_serde(&ex.extract(text));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_strings_and_numbers(s in "\\PC{0,12}", c in "[\\x00-\\x1f\"\\\\a]{0,4}", n: usize, v: f64, y: i32) {
            let mut f = Fact::new(n, n, &format!("{s}{c}"), FactKind::Percent, v);
            f.year = Some(y);
            f.unit = Some(c.clone());
            let doc = Document {
                id: Some(s.clone()),
                facts: vec![f],
                ..Document::default()
            };
            same_as_serde(&doc);
        }
    }
}
