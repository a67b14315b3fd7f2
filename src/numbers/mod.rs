//! Numeric facts: money, percentages and quantities.

use crate::record::{Fact, Lang};
use crate::text::Folded;
use crate::Error;

/// Finds numeric facts.
#[derive(Clone, Debug)]
pub(crate) struct NumberFinder {}

impl NumberFinder {
    pub(crate) fn build() -> Result<NumberFinder, Error> {
        Ok(NumberFinder {})
    }

    pub(crate) fn find(&self, _text: &str, _folded: &Folded, _lang: Lang) -> Vec<Fact> {
        Vec::new()
    }
}
