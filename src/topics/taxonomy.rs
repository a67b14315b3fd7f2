//! Loading the topic taxonomy: the embedded default (`data/topics/`) and user
//! TSV files in one format.
//!
//! Every row is `topic  label  lang  cue  weight` (see `data/README.md`):
//!
//! - a row without a cue only names the topic (`ai  Intelligence artificielle  fr`);
//! - a cue is a keyword (folded and matched on word boundaries like gazetteer
//!   surfaces) or, with a leading `@`, evidence the extractor already has:
//!   `@entity=company:nvidia`, `@kind=company`, `@predicate=market_share`,
//!   `@unit=MW`;
//! - `lang` is `fr`, `en`, or `*` / empty for both;
//! - `weight` defaults to 1; a later row for the same topic, language and cue
//!   replaces the earlier one, and weight 0 removes it (how a user file turns
//!   off a default keyword).

use crate::data::{Lexicon, Row, Source};
use crate::record::{EntityKind, Lang, Predicate};
use crate::text::fold_str;
use crate::Error;
use serde::de::IntoDeserializer;
use serde::Deserialize;
use std::collections::HashMap;

/// Largest accepted weight: far above any sensible value, low enough that a
/// sum over a huge document stays finite.
const MAX_WEIGHT: f64 = 100.0;

/// What a rule looks for in a document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Cue {
    /// A folded keyword, matched in the folded text.
    Keyword(String),
    /// An entity id from the gazetteer (`company:nvidia`).
    Entity(String),
    /// Any entity of this kind.
    Kind(EntityKind),
    /// A fact with this predicate.
    Predicate(Predicate),
    /// A fact with this unit (`MW`, `TWh`, `EUR`), compared as written.
    Unit(String),
}

/// One weighted cue for one topic in one language.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Rule {
    pub topic: usize,
    pub lang: Lang,
    pub cue: Cue,
    pub weight: f64,
}

/// A topic id and its labels.
#[derive(Clone, Debug)]
pub(crate) struct Topic {
    pub id: String,
    /// Labels in French and English (the id when the data gives none). Not
    /// emitted in records (they carry ids), but validated and kept so a
    /// listing of the taxonomy can show them.
    #[cfg_attr(not(test), allow(dead_code))]
    pub labels: [String; 2],
}

/// Topics and rules, in the order the data gave them (deterministic output).
#[derive(Clone, Debug, Default)]
pub(crate) struct Taxonomy {
    pub topics: Vec<Topic>,
    pub rules: Vec<Rule>,
    topic_index: HashMap<String, usize>,
    rule_index: HashMap<(usize, Lang, Cue), usize>,
}

impl Taxonomy {
    /// Adds the rows of one file. When `known_topics_only`, a topic id that
    /// no earlier file named is an error (the embedded keyword file must only
    /// use ids of the embedded taxonomy); otherwise it creates the topic.
    pub(crate) fn add(&mut self, src: Source<'_>, known_topics_only: bool) -> Result<(), Error> {
        for row in Lexicon::parse_with_header(src, Some("topic"))? {
            self.add_row(&row, known_topics_only)?;
        }
        Ok(())
    }

    fn add_row(&mut self, row: &Row<'_>, known_topics_only: bool) -> Result<(), Error> {
        let id = row.field(0)?;
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(row.error(format!(
                "topic id {id:?} must be lower-case ASCII letters, digits or _"
            )));
        }
        let langs: &[Lang] = match row.opt(2) {
            None | Some("*") => &[Lang::Fr, Lang::En],
            Some(s) => match s.parse::<Lang>() {
                Ok(Lang::Fr) => &[Lang::Fr],
                Ok(Lang::En) => &[Lang::En],
                Err(e) => return Err(row.error(e)),
            },
        };
        let topic = match self.topic_index.get(id) {
            Some(&t) => t,
            None if known_topics_only => {
                return Err(row.error(format!("unknown topic {id:?} (not in the taxonomy)")));
            }
            None => {
                self.topics.push(Topic {
                    id: id.to_string(),
                    labels: [id.to_string(), id.to_string()],
                });
                self.topic_index
                    .insert(id.to_string(), self.topics.len() - 1);
                self.topics.len() - 1
            }
        };
        if let Some(label) = row.opt(1) {
            for &lang in langs {
                self.topics[topic].labels[lang_slot(lang)] = label.to_string();
            }
        }
        let Some(cue) = row.opt(3) else {
            if row.opt(4).is_some() {
                return Err(row.error("a weight without a keyword"));
            }
            return Ok(());
        };
        let cue = parse_cue(row, cue)?;
        let weight = match row.opt(4) {
            None => 1.0,
            Some(w) => match w.parse::<f64>() {
                Ok(w) if (0.0..=MAX_WEIGHT).contains(&w) => w,
                _ => {
                    return Err(row.error(format!(
                        "weight {w:?} must be a number from 0 to {MAX_WEIGHT}"
                    )))
                }
            },
        };
        if row.len() > 5 {
            return Err(row.error(format!(
                "expected at most 5 tab-separated fields (topic, label, lang, keyword, weight), found {}",
                row.len()
            )));
        }
        for &lang in langs {
            self.set_rule(Rule {
                topic,
                lang,
                cue: cue.clone(),
                weight,
            });
        }
        Ok(())
    }

    fn set_rule(&mut self, rule: Rule) {
        let key = (rule.topic, rule.lang, rule.cue.clone());
        match self.rule_index.get(&key) {
            Some(&i) => self.rules[i].weight = rule.weight,
            None => {
                self.rule_index.insert(key, self.rules.len());
                self.rules.push(rule);
            }
        }
    }

    /// The rules that count (weight 0 rows removed what they named).
    pub(crate) fn active_rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(|r| r.weight > 0.0)
    }

    /// Label of topic `id` in `lang`, if the topic exists.
    #[cfg(test)]
    pub(crate) fn label(&self, id: &str, lang: Lang) -> Option<&str> {
        self.topic_index
            .get(id)
            .map(|&t| self.topics[t].labels[lang_slot(lang)].as_str())
    }
}

fn lang_slot(lang: Lang) -> usize {
    match lang {
        Lang::Fr => 0,
        Lang::En => 1,
    }
}

fn parse_cue(row: &Row<'_>, cue: &str) -> Result<Cue, Error> {
    let Some(evidence) = cue.strip_prefix('@') else {
        let folded = fold_str(cue);
        if !folded.chars().any(crate::text::is_word_char) {
            return Err(row.error(format!("keyword {cue:?} has no letter or digit")));
        }
        return Ok(Cue::Keyword(folded));
    };
    let (what, value) = evidence.split_once('=').unwrap_or((evidence, ""));
    let value = value.trim();
    if value.is_empty() {
        return Err(row.error(format!(
            "evidence {cue:?} needs a value: @entity=ID, @kind=KIND, @predicate=NAME or @unit=UNIT"
        )));
    }
    match what.trim() {
        "entity" => Ok(Cue::Entity(value.to_string())),
        "kind" => value
            .parse::<EntityKind>()
            .map(Cue::Kind)
            .map_err(|e| row.error(e)),
        "predicate" => {
            let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
                value.into_deserializer();
            Predicate::deserialize(de)
                .map(Cue::Predicate)
                .map_err(|_| row.error(format!("unknown predicate {value:?}")))
        }
        "unit" => Ok(Cue::Unit(value.to_string())),
        other => Err(row.error(format!(
            "unknown evidence {other:?} (expected @entity, @kind, @predicate or @unit)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Taxonomy, String> {
        let mut t = Taxonomy::default();
        t.add(
            Source {
                path: "user.tsv",
                text,
            },
            false,
        )
        .map_err(|e| e.to_string())?;
        Ok(t)
    }

    #[test]
    fn rows_parse() {
        let t = load(
            "topic\tlabel\tlang\tkeyword\tweight\n\
             # a comment\n\
             bio\tBiotechnologie\tfr\n\
             bio\tBiotech\ten\tgene therapy\t2\n\
             bio\t\t*\tCRISPR\n\
             bio\t\t\t@predicate=funding\t0.5\n\
             bio\t\t\t@entity=company:moderna\n\
             bio\t\t\t@kind=company\t0.1\n\
             bio\t\t\t@unit=MW\t0.1\n",
        )
        .unwrap();
        assert_eq!(t.label("bio", Lang::Fr), Some("Biotechnologie"));
        assert_eq!(t.label("bio", Lang::En), Some("Biotech"));
        let rules: Vec<(Lang, Cue, f64)> = t
            .active_rules()
            .map(|r| (r.lang, r.cue.clone(), r.weight))
            .collect();
        assert_eq!(
            rules[0],
            (Lang::En, Cue::Keyword("gene therapy".into()), 2.0)
        );
        assert_eq!(rules[1], (Lang::Fr, Cue::Keyword("crispr".into()), 1.0));
        assert_eq!(rules[2], (Lang::En, Cue::Keyword("crispr".into()), 1.0));
        assert!(rules.contains(&(Lang::Fr, Cue::Predicate(Predicate::Funding), 0.5)));
        assert!(rules.contains(&(Lang::En, Cue::Entity("company:moderna".into()), 1.0)));
        assert!(rules.contains(&(Lang::En, Cue::Kind(EntityKind::Company), 0.1)));
        assert!(rules.contains(&(Lang::Fr, Cue::Unit("MW".into()), 0.1)));
    }

    #[test]
    fn later_rows_override_and_zero_removes() {
        let t = load("x\tX\ten\tchip\t1\nx\t\ten\tCHIP\t3\nx\t\ten\twafer\t1\nx\t\ten\twafer\t0\n")
            .unwrap();
        let rules: Vec<(Cue, f64)> = t
            .active_rules()
            .map(|r| (r.cue.clone(), r.weight))
            .collect();
        assert_eq!(rules, [(Cue::Keyword("chip".into()), 3.0)]);
    }

    #[test]
    fn errors_name_path_and_line() {
        let rows = [
            ("bad id", "Bad-Id\tx\n", "user.tsv:1: topic id \"Bad-Id\" must be lower-case ASCII letters, digits or _"),
            ("bad lang", "\nx\tX\tde\tword\n", "user.tsv:2: unsupported language \"de\" (expected fr or en)"),
            ("bad weight", "x\tX\ten\tword\tlots\n", "user.tsv:1: weight \"lots\" must be a number from 0 to 100"),
            ("negative weight", "x\tX\ten\tword\t-1\n", "user.tsv:1: weight \"-1\" must be a number from 0 to 100"),
            ("nan weight", "x\tX\ten\tword\tNaN\n", "user.tsv:1: weight \"NaN\" must be a number from 0 to 100"),
            ("punctuation keyword", "x\tX\ten\t--\n", "user.tsv:1: keyword \"--\" has no letter or digit"),
            ("weight alone", "x\tX\ten\t\t2\n", "user.tsv:1: a weight without a keyword"),
            ("too many fields", "x\tX\ten\tw\t1\textra\n", "user.tsv:1: expected at most 5 tab-separated fields (topic, label, lang, keyword, weight), found 6"),
            ("unknown evidence", "x\tX\t*\t@color=red\n", "user.tsv:1: unknown evidence \"color\" (expected @entity, @kind, @predicate or @unit)"),
            ("unknown predicate", "x\tX\t*\t@predicate=fun\n", "user.tsv:1: unknown predicate \"fun\""),
            ("evidence without value", "x\tX\t*\t@entity\n", "user.tsv:1: evidence \"@entity\" needs a value: @entity=ID, @kind=KIND, @predicate=NAME or @unit=UNIT"),
        ];
        for (name, text, want) in rows {
            assert_eq!(load(text).unwrap_err(), want, "row {name}: {text:?}");
        }
    }

    #[test]
    fn known_topics_only_rejects_new_ids() {
        let mut t = Taxonomy::default();
        t.add(
            Source {
                path: "a.tsv",
                text: "ai\tIA\tfr\n",
            },
            false,
        )
        .unwrap();
        t.add(
            Source {
                path: "b.tsv",
                text: "ai\t\tfr\tmodele\nbio\t\tfr\tgene\n",
            },
            true,
        )
        .map_or_else(
            |e| {
                assert_eq!(
                    e.to_string(),
                    "b.tsv:2: unknown topic \"bio\" (not in the taxonomy)"
                )
            },
            |_| panic!("bio is not in a.tsv"),
        );
    }
}
