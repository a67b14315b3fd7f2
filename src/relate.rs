//! Subject, predicate and year of each fact, within its sentence.

use crate::record::{Entity, Fact, Lang};
use crate::span::Span;
use crate::text::Folded;
use crate::Error;

#[derive(Clone, Debug)]
pub(crate) struct Relater {}

impl Relater {
    pub(crate) fn build() -> Result<Relater, Error> {
        Ok(Relater {})
    }

    pub(crate) fn relate(
        &self,
        _text: &str,
        _folded: &Folded,
        _lang: Lang,
        _sentences: &[Span],
        _entities: &[Entity],
        _facts: &mut [Fact],
    ) {
    }
}
