//! Topics from a weighted keyword taxonomy, and key phrases.
//!
//! - [`taxonomy`]: the embedded default (`data/topics/`) and user TSV files,
//!   one format: `topic  label  lang  keyword  weight`.
//! - [`score`]: one keyword pass plus entity and fact evidence, normalised
//!   for length; 0.5 means "the document is about this".
//! - [`keyphrases`]: YAKE-style statistics, at most 10 phrases as written.

mod keyphrases;
mod score;
mod taxonomy;

use crate::data::{self, Source};
use crate::record::{Entity, Fact, Keyphrase, Lang, TopicScore};
use crate::text::Folded;
use crate::Error;
use keyphrases::KeyphraseFinder;
use score::Scorer;
use taxonomy::Taxonomy;

#[derive(Clone, Debug)]
pub(crate) struct TopicScorer {
    scorer: Scorer,
    keyphrases: KeyphraseFinder,
}

impl TopicScorer {
    /// Compiles the default taxonomy (unless `default` is false: the user
    /// files then replace it) followed by the user files `(path, text)`,
    /// whose rows extend or override it.
    pub(crate) fn build(default: bool, user: &[(String, String)]) -> Result<TopicScorer, Error> {
        let tax = taxonomy(default, user)?;
        Ok(TopicScorer {
            scorer: Scorer::build(&tax)?,
            keyphrases: KeyphraseFinder::build()?,
        })
    }

    pub(crate) fn score(
        &self,
        _text: &str,
        folded: &Folded,
        lang: Lang,
        entities: &[Entity],
        facts: &[Fact],
    ) -> Vec<TopicScore> {
        self.scorer.score(folded, lang, entities, facts)
    }

    pub(crate) fn keyphrases(
        &self,
        text: &str,
        folded: &Folded,
        _lang: Lang,
        entities: &[Entity],
    ) -> Vec<Keyphrase> {
        self.keyphrases.find(text, folded, entities)
    }
}

fn taxonomy(default: bool, user: &[(String, String)]) -> Result<Taxonomy, Error> {
    let mut tax = Taxonomy::default();
    if default {
        tax.add(data::TOPICS, false)?;
        // The keyword file may only use the ids the taxonomy file defines.
        tax.add(data::TOPIC_KEYWORDS, true)?;
    }
    for (path, text) in user {
        tax.add(Source { path, text }, false)?;
    }
    Ok(tax)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids of `../shared/eval/topics.md`, the default taxonomy.
    const DEFAULT_IDS: [&str; 16] = [
        "ai",
        "semiconductors",
        "data_centers",
        "cloud",
        "energy",
        "investment",
        "mergers_acquisitions",
        "markets",
        "trade_geopolitics",
        "policy_regulation",
        "sovereignty",
        "research",
        "data_economy",
        "cybersecurity",
        "telecom",
        "employment",
    ];

    #[test]
    fn default_taxonomy_has_every_topic_with_labels_and_keywords() {
        let tax = taxonomy(true, &[]).unwrap();
        let ids: Vec<&str> = tax.topics.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, DEFAULT_IDS);
        for id in DEFAULT_IDS {
            for lang in [Lang::Fr, Lang::En] {
                let label = tax.label(id, lang).unwrap();
                assert!(label != id && !label.is_empty(), "{id} has no {lang} label");
                let n = tax
                    .active_rules()
                    .filter(|r| tax.topics[r.topic].id == id && r.lang == lang)
                    .filter(|r| matches!(r.cue, taxonomy::Cue::Keyword(_)))
                    .count();
                assert!(n >= 10, "{id} has only {n} {lang} keywords");
            }
        }
        assert!(Scorer::build(&tax).unwrap().keyword_count() > 300);
    }

    #[test]
    fn user_taxonomy_replaces_or_extends() {
        let user = [(
            "mine.tsv".to_string(),
            "bio\tBiotech\ten\tgene therapy\n".to_string(),
        )];
        let rows = [
            ("extends", true, DEFAULT_IDS.len() + 1),
            ("replaces", false, 1),
        ];
        for (name, default, want) in rows {
            let tax = taxonomy(default, &user).unwrap();
            assert_eq!(tax.topics.len(), want, "row {name}");
            assert_eq!(tax.topics.last().unwrap().id, "bio", "row {name}");
        }
    }

    #[test]
    fn user_errors_name_the_file() {
        let user = [(
            "mine.tsv".to_string(),
            "bio\tBiotech\ten\n\nbio\tBiotech\tde\tgene\n".to_string(),
        )];
        let e = TopicScorer::build(true, &user).unwrap_err().to_string();
        assert_eq!(
            e,
            "mine.tsv:3: unsupported language \"de\" (expected fr or en)"
        );
    }
}
