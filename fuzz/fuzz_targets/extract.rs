#![no_main]
//! Any UTF-8 text: extraction must not panic and spans must hold.

use libfuzzer_sys::fuzz_target;
use newsfacts::Extractor;
use std::sync::LazyLock;

static EX: LazyLock<Extractor> = LazyLock::new(|| Extractor::builder().build().unwrap());

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let doc = EX.extract(text);
        for e in &doc.entities {
            assert_eq!(&text[e.start..e.end], e.text);
        }
        for f in &doc.facts {
            assert_eq!(&text[f.start..f.end], f.text);
            assert!(f.value.is_finite());
        }
    }
});
