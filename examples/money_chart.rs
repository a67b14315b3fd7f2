//! Charts money facts per entity as an SVG: one bar chart per currency, a bar
//! per subject and predicate showing the largest amount stated. Amounts are
//! never added up: the same deal is often reported many times.
//!
//! ```sh
//! cargo run --example money_chart -- examples/data/news.jsonl money.svg
//! newsfacts extract in.jsonl > records.jsonl   # records work as input too
//! cargo run --example money_chart -- records.jsonl money.svg
//! ```

use newsfacts::{Document, Extractor, FactKind, Input};
use std::collections::BTreeMap;

const STYLE: &str = "text{font:13px sans-serif;fill:#222;dominant-baseline:middle} \
    .h{font-size:15px;font-weight:bold} .v{fill:#555} rect{fill:#3b7dd8;rx:3px}";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let input = args.next().unwrap_or("examples/data/news.jsonl".into());
    let output = args.next().unwrap_or("money-chart.svg".into());
    let ex = Extractor::builder().build()?;
    // currency -> "subject · predicate" -> (largest amount, number of facts)
    let mut totals: BTreeMap<String, BTreeMap<String, (f64, usize)>> = BTreeMap::new();
    let (mut docs, mut facts) = (0, 0);
    let lines = std::fs::read_to_string(&input)?;
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let doc: Document = match v.get("entities") {
            Some(_) => serde_json::from_value(v)?, // a record of `newsfacts extract`
            None => ex.extract(Input::new(v["text"].as_str().unwrap_or_default())),
        };
        docs += 1;
        for f in doc.facts.iter().filter(|f| f.kind == FactKind::Money) {
            let subject = f.subject.as_deref().unwrap_or("(no subject)");
            let predicate = f.predicate.map_or("other".into(), |p| format!("{p:?}"));
            let unit = f.unit.clone().unwrap_or("?".into());
            let bars = totals.entry(unit).or_default();
            let e = bars.entry(format!("{subject} · {predicate}")).or_default();
            *e = (e.0.max(f.value), e.1 + 1);
            facts += 1;
        }
    }
    // Layout: labels right-aligned at x = 250, bars from x = 260, 26 px rows.
    let (mut svg, mut y) = (String::new(), 70.0);
    for (currency, subjects) in &totals {
        let mut bars: Vec<_> = subjects.iter().collect();
        bars.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0));
        let max = bars[0].1 .0.max(f64::MIN_POSITIVE);
        svg += &text(20.0, y + 8.0, r#"class="h""#, currency);
        y += 22.0;
        for (subject, &(sum, n)) in bars {
            let len = (sum / max * 400.0).max(2.0);
            let facts = if n == 1 { "fact" } else { "facts" };
            svg += &text(250.0, y + 13.0, r#"text-anchor="end""#, &escape(subject));
            let top = y + 4.0;
            svg += &format!(r#"<rect x="260" y="{top}" width="{len:.1}" height="18"/>"#);
            let value = format!("{} {currency} · {n} {facts}", human(sum));
            svg += &text(266.0 + len, y + 13.0, r#"class="v""#, &value);
            y += 26.0;
        }
        y += 18.0;
    }
    let head = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="880" height="{y}"><style>{STYLE}</style>
<rect width="100%" height="100%" style="fill:white"/><text x="20" y="24" class="h">Money facts per entity</text>
<text x="20" y="46" class="v">{}: {docs} documents, {facts} money facts</text>"#,
        escape(&input)
    );
    std::fs::write(&output, format!("{head}\n{svg}</svg>\n"))?;
    println!("wrote {output}: {} currencies", totals.len());
    Ok(())
}

/// 786000000 -> "786 M", 2.5e9 -> "2.5 bn".
fn human(v: f64) -> String {
    let scales = [(1e12, " tn"), (1e9, " bn"), (1e6, " M"), (1e3, " k")];
    let (d, suffix) = *scales.iter().find(|s| v.abs() >= s.0).unwrap_or(&(1.0, ""));
    format!("{}{suffix}", (v / d * 10.0).round() / 10.0)
}

/// A text element at (x, y) with extra attributes.
fn text(x: f64, y: f64, attrs: &str, s: &str) -> String {
    format!(r#"<text x="{x:.1}" y="{y}" {attrs}>{s}</text>"#)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}
