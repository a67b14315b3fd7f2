//! Progress on stderr and the final summary line.
//!
//! The bar is drawn only when stderr is a terminal and `--quiet` is not
//! given; the summary is printed in the same case, or whenever `--summary`
//! asks for it. So pipes and CI see only `FILE:LINE: reason` lines unless
//! they opt in.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsfacts::Document;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

pub struct Progress {
    bar: Option<ProgressBar>,
    summary: bool,
    start: Instant,
    documents: u64,
    entities: u64,
    facts: u64,
    bad: u64,
    bytes: u64,
}

impl Progress {
    /// `total_bytes` is the input size when known, for the bar and its ETA;
    /// `start` is when the run began (the summary's elapsed time includes
    /// building the extractor).
    pub fn new(quiet: bool, summary: bool, total_bytes: Option<u64>, start: Instant) -> Progress {
        let interactive = std::io::stderr().is_terminal() && !quiet;
        let bar = interactive.then(|| {
            let (bar, template) = match total_bytes {
                Some(n) => (
                    ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
                    "{spinner} {elapsed} {wide_bar} {decimal_bytes}/{decimal_total_bytes} \
                     {decimal_bytes_per_sec} {msg} ETA {eta}",
                ),
                None => (
                    ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                    "{spinner} {elapsed} {decimal_bytes} {decimal_bytes_per_sec} {msg}",
                ),
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            // Redraws the rate while a slow batch is being extracted.
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            summary: summary || interactive,
            start,
            documents: 0,
            entities: 0,
            facts: 0,
            bad: 0,
            bytes: 0,
        }
    }

    /// Reports a bad line or file on stderr, above the bar when there is one.
    pub fn error(&mut self, msg: &str) {
        self.bad += 1;
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{msg}")),
            None => eprintln!("{msg}"),
        }
    }

    /// Counts a written batch that took `input_bytes` of input.
    pub fn batch(&mut self, docs: &[Document], input_bytes: u64) {
        self.documents += docs.len() as u64;
        for d in docs {
            self.entities += d.entities.len() as u64;
            self.facts += d.facts.len() as u64;
        }
        self.bytes += input_bytes;
        if let Some(bar) = &self.bar {
            bar.inc(input_bytes);
            let rate = self.documents as f64 / self.start.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{} docs ({rate:.0} docs/s)", self.documents));
        }
    }

    /// Clears the bar and prints the summary line when it is wanted.
    pub fn finish(self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.summary {
            let secs = self.start.elapsed().as_secs_f64().max(1e-3);
            eprintln!(
                "newsfacts: {} documents, {} entities, {} facts, {} bad lines in {secs:.2} s \
                 ({:.0} documents/s, {:.1} MB/s)",
                self.documents,
                self.entities,
                self.facts,
                self.bad,
                self.documents as f64 / secs,
                self.bytes as f64 / secs / 1e6,
            );
        }
    }
}
