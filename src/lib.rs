//! newsfacts turns French and English news text into structured records:
//! **entities** (companies, organizations, countries, places, people) linked
//! to a canonical English name and a stable id, **numeric facts** (money with
//! an ISO 4217 currency, percentages, quantities) fully scaled and tied to
//! their subject, predicate and year, and **topics**.
//!
//! # Example
//!
//! ```
//! use newsfacts::{Extractor, EntityKind};
//!
//! let ex = Extractor::builder().build()?;          // compile once, share everywhere
//! let doc = ex.extract("Jensen Huang, PDG de NVIDIA, était en Chine. Huang a parlé.");
//! let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
//! assert_eq!(names, ["Jensen Huang", "NVIDIA", "China", "Jensen Huang"]);
//! assert_eq!(doc.entities[2].kind, EntityKind::Country);
//! assert_eq!(doc.entities[2].text, "Chine");
//! # Ok::<(), newsfacts::Error>(())
//! ```
//!
//! # A custom gazetteer
//!
//! User gazetteers are TSV (`surface`, `kind`, `name`, optional `id`, `flags`)
//! and take priority over the embedded ones:
//!
//! ```
//! let ex = newsfacts::Extractor::builder()
//!     .gazetteer_tsv("mine.tsv", "Helicell Labs\tcompany\tHelicell\n")
//!     .build()?;
//! let doc = ex.extract("Helicell Labs lève des fonds.");
//! assert_eq!(doc.entities[0].id, "company:helicell");
//! # Ok::<(), newsfacts::Error>(())
//! ```
//!
//! # Threads
//!
//! [`Extractor`] is `Clone + Send + Sync` with an `Arc` inside: build it once
//! and share it.
//!
//! ```
//! let ex = newsfacts::Extractor::builder().build()?;
//! let texts = ["La Chine.", "The U.S."];
//! std::thread::scope(|s| {
//!     for t in texts {
//!         let ex = &ex;
//!         s.spawn(move || assert_eq!(ex.extract(t).entities.len(), 1));
//!     }
//! });
//! # Ok::<(), newsfacts::Error>(())
//! ```
//!
//! # Spans
//!
//! Every record's `start`/`end` are UTF-8 byte offsets into the text given to
//! [`Extractor::extract`], end exclusive, always on `char` boundaries, and
//! `&text[start..end] == record.text`. Matching runs on a folded copy (case,
//! accents, typographic apostrophes, no-break spaces) mapped back to the
//! original offsets.
//!
//! # Panics
//!
//! [`Extractor::extract`] never panics, for any `&str`, and its output is
//! deterministic. All errors (unreadable or malformed data files) happen in
//! [`ExtractorBuilder::build`] and name `path:line`. A text over 1 GiB
//! ([`MAX_TEXT_BYTES`]) is read up to its last character boundary within
//! that size.
//!
//! Fact values are always finite: a number too large for `f64` (say, a run
//! of 400 digits) is not reported as a fact at all, never as `inf` or `NaN`.
//!
//! # Tables
//!
//! With the `arrow` feature (on by default), [`tables::to_tables`] turns
//! documents into four typed Arrow tables (documents, entities, facts,
//! topics) and [`tables::TablesWriter`] writes them as Parquet or CSV.
//!
//! # Data
//!
//! Lexicons and gazetteers are TSV files under `data/`, embedded at build
//! time; `data/README.md` documents them and the scripts that generate them.
#![deny(missing_docs)]

mod data;
mod error;
mod extractor;
pub mod gazetteer;
mod json;
mod numbers;
mod record;
mod relate;
mod scratch;
mod span;
#[cfg(feature = "arrow")]
pub mod tables;
#[cfg(test)]
mod test_rng;
pub mod text;
mod topics;

pub use data::Source;
pub use error::Error;
pub use extractor::{Extractor, ExtractorBuilder, Input, Stage, StageTimes, MAX_TEXT_BYTES};
pub use record::{
    Document, Entity, EntityKind, Fact, FactKind, Keyphrase, Lang, Predicate, Qualifier, TopicScore,
};
pub use span::Span;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
