#![no_main]
//! Any bytes as a user gazetteer: build() returns Ok or an error, never panics,
//! and a gazetteer that builds can be used.

use libfuzzer_sys::fuzz_target;
use newsfacts::Extractor;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let built = Extractor::builder().default_gazetteers(false).gazetteer_tsv("fuzz.tsv", &text).build();
    if let Ok(ex) = built {
        let doc = ex.extract(&*text);
        for e in &doc.entities {
            assert_eq!(&text[e.start..e.end], e.text);
        }
    }
});
