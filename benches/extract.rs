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

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    g.bench_function("default", |b| {
        b.iter(|| Extractor::builder().build().unwrap())
    });
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
