//! Topics from a weighted keyword taxonomy, and key phrases.

use crate::record::{Entity, Fact, Keyphrase, Lang, TopicScore};
use crate::text::Folded;
use crate::Error;

#[derive(Clone, Debug)]
pub(crate) struct TopicScorer {}

impl TopicScorer {
    pub(crate) fn build(_default: bool, _user: &[(String, String)]) -> Result<TopicScorer, Error> {
        Ok(TopicScorer {})
    }

    pub(crate) fn score(
        &self,
        _text: &str,
        _folded: &Folded,
        _lang: Lang,
        _entities: &[Entity],
        _facts: &[Fact],
    ) -> Vec<TopicScore> {
        Vec::new()
    }

    pub(crate) fn keyphrases(
        &self,
        _text: &str,
        _folded: &Folded,
        _lang: Lang,
        _entities: &[Entity],
    ) -> Vec<Keyphrase> {
        Vec::new()
    }
}
