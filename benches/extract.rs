//! Build time of the default extractor and extraction throughput per language.
//! Each benchmark checks its expected counts before timing, so a fast wrong
//! answer fails instead of looking good.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsfacts::Extractor;
use std::hint::black_box;

const FR: &str = "Jensen Huang, PDG de NVIDIA, a rencontré des responsables à Pékin. \
La Chine reste un marché clé pour Nvidia, selon Huang, tandis que les États-Unis durcissent \
leurs contrôles à l’exportation. ";
const EN: &str = "Jensen Huang, NVIDIA’s chief executive, met officials in Beijing. \
China remains a key market for Nvidia, Huang said, as the U.S. tightens export controls. ";

/// A deterministic 100,000-entry gazetteer of made-up company names, in the
/// shape of the bench corpus's gazetteer (`../shared/bench/make_corpus.py`).
fn synthetic_gazetteer(n: usize) -> String {
    const A: [&str; 16] = [
        "vel", "tor", "hel", "ix", "cor", "nav", "lum", "sar", "quin", "dra", "mo", "zet", "pra",
        "gal", "ost", "rhe",
    ];
    const B: [&str; 8] = [
        "Labs", "Systems", "Energy", "Holdings", "Networks", "Capital", "Robotics", "Foods",
    ];
    let mut out = String::from("surface\tkind\tname\n");
    let mut x: u64 = 42;
    for i in 0..n {
        // xorshift: the same names on every run
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let w: String = (0..3).map(|k| A[((x >> (k * 4)) & 15) as usize]).collect();
        let name = format!(
            "{}{} {} {i}",
            w[..1].to_uppercase(),
            &w[1..],
            B[(x >> 20) as usize % 8]
        );
        out.push_str(&format!("{name}\tcompany\t{name}\n"));
    }
    out
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    let default_entities = Extractor::builder().build().unwrap().entity_count();
    g.bench_function("default", |b| {
        b.iter(|| Extractor::builder().build().unwrap())
    });
    let gaz = synthetic_gazetteer(100_000);
    let big = Extractor::builder()
        .gazetteer_tsv("gaz-100k.tsv", &gaz)
        .build()
        .unwrap();
    assert_eq!(big.entity_count(), default_entities + 100_000);
    g.bench_function("default+100k", |b| {
        b.iter(|| {
            Extractor::builder()
                .gazetteer_tsv("gaz-100k.tsv", &gaz)
                .build()
                .unwrap()
        })
    });
    // The bench corpus's own 100k gazetteer (`../shared/bench/make_corpus.py
    // gazetteer`, see benches/README.md), when given: real place, company
    // and person names rather than the synthetic ones above.
    if let Some(path) = std::env::var_os("BENCH_GAZETTEER") {
        let entries = std::fs::read_to_string(&path)
            .expect("BENCH_GAZETTEER is readable")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        let ex = Extractor::builder().gazetteer_file(&path).build().unwrap();
        assert!(
            ex.entity_count() > default_entities && entries >= 100_000,
            "{entries} entries, {} entities",
            ex.entity_count()
        );
        g.bench_function("default+BENCH_GAZETTEER", |b| {
            b.iter(|| Extractor::builder().gazetteer_file(&path).build().unwrap())
        });
    }
    g.finish();
}

fn extract(c: &mut Criterion) {
    let ex = Extractor::builder().build().unwrap();
    let mut g = c.benchmark_group("extract");
    for (lang, para) in [("fr", FR), ("en", EN)] {
        let text = para.repeat(200);
        let per = ex.extract(para).entities.len();
        assert!(
            per >= 5,
            "{lang}: expected at least 5 entities per paragraph, got {per}"
        );
        assert_eq!(
            ex.extract(text.as_str()).entities.len(),
            per * 200,
            "{lang}"
        );
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(lang, |b| b.iter(|| black_box(ex.extract(text.as_str()))));
    }
    g.finish();
}

criterion_group!(benches, build, extract);
criterion_main!(benches);
