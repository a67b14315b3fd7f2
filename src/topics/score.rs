//! Topic scores from keyword, entity and fact evidence.
//!
//! How a document's score for a topic is made:
//!
//! 1. **Evidence.** One [`PhraseMatcher`] pass over the folded text finds the
//!    topic keywords (leftmost-longest, so `centre de données` counts for data
//!    centres and not its `données` for the data economy). Keywords of the
//!    document's language count fully, those of the other language (an
//!    English company name in a French text) [`OTHER_LANGUAGE`] as much, and
//!    those of the lede (the first [`LEDE_WORDS`] words: headline and first
//!    sentence, where a news story says what it is about) [`LEDE`] times as
//!    much. Entities, facts' predicates and facts' units add the weights
//!    their `@` rules give; a keyword inside an entity mention that has `@`
//!    rules is not counted again. Repeats of a cue count [`REPEAT`] as much as
//!    its first mention, and at most `CAP_BASE + words / CAP_WORDS` times, so
//!    one repeated word cannot make a short text about anything while a long
//!    text keeps its density.
//! 2. **Length.** The evidence is divided by the document's length in
//!    hundreds of words (at least [`MIN_WORDS`], so a headline is read like a
//!    short paragraph rather than amplified): a density, comparable between a
//!    tweet-sized text and a report.
//! 3. **Saturation.** `1 - exp(-density / DENSITY_SCALE)`: a density of
//!    [`HALF_DENSITY`] weight-points per hundred words gives 0.5 on its own.
//! 4. **Dominance.** The score is multiplied by `min(1, share / DOMINANT)`,
//!    where `share` is the topic's evidence over the strongest topic's: a
//!    topic far behind the main one is what a word brushed, not what the
//!    document is about.
//! 5. **Corroboration.** A topic with a single distinct cue is scaled by
//!    [`SINGLE_CUE`]: one word brushes a topic.
//! 6. **Few topics.** Past the [`MAX_TOPICS`] best, scores are halved per
//!    rank, which puts them under 0.5 (`topics.md`: a document is about 1 to
//!    3 topics).
//!
//! A final score of **0.5 or more means "the document is about this"**; the
//! evaluation uses that threshold. Scores below [`MIN_SCORE`] are not
//! reported. The constants were set once on the development sets (a plateau,
//! not a peak: nearby values score the same); the keywords were not.

use super::taxonomy::{Cue, Taxonomy};
use crate::numbers::lang_index;
use crate::record::{Entity, EntityKind, Fact, Lang, Predicate, TopicScore};
use crate::text::{Folded, PhraseMatcher};
use crate::Error;
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;

/// Shortest length (in words) a document is read as.
const MIN_WORDS: f64 = 120.0;
/// Density (weight per hundred words) that alone scores 0.5.
const HALF_DENSITY: f64 = 2.0;
const DENSITY_SCALE: f64 = HALF_DENSITY / std::f64::consts::LN_2;
/// Share of the strongest topic's evidence from which dominance no longer
/// lowers a score.
const DOMINANT: f64 = 0.4;
/// Scores under this are noise and left out of the record.
const MIN_SCORE: f64 = 0.05;
/// Keywords in the first [`LEDE_WORDS`] words (a headline, a news lede:
/// where a story says what it is about) weigh this much more.
const LEDE: f64 = 2.0;
const LEDE_WORDS: usize = 40;
/// A keyword of the other language (an English company name in a French
/// text, a French term quoted in English) counts this much.
const OTHER_LANGUAGE: f64 = 0.5;
/// A topic backed by one cue only (however often repeated) is scaled by
/// this: one word brushes a topic, two distinct cues start to make one.
const SINGLE_CUE: f64 = 0.6;
/// Topics a document can be about; the scores of the others are halved per
/// rank, under 0.5.
const MAX_TOPICS: usize = 3;
/// Repeats of a cue count this much: the first mention says the most.
const REPEAT: f64 = 0.5;
/// Each cue counts at most `CAP_BASE + words / CAP_WORDS` times.
const CAP_BASE: usize = 2;
const CAP_WORDS: usize = 50;

/// One topic's weight for a cue, as a document of one language counts it.
#[derive(Clone, Copy, Debug)]
struct Hit {
    topic: u32,
    weight: f64,
    /// 1, or [`OTHER_LANGUAGE`] for a rule of the other language. A power
    /// of two like every factor here, so the products are exact in any
    /// order and the sums (made in the same order) are the same.
    scale: f64,
}

/// The compiled taxonomy.
///
/// Every distinct cue (a keyword pattern, an entity id, a kind, a
/// predicate, a unit) has a number, keywords first (their pattern number),
/// and the hits each document language counts for it are worked out here
/// once: at scoring time a cue is a counter and a slice.
#[derive(Clone, Debug)]
pub(crate) struct Scorer {
    ids: Vec<String>,
    matcher: PhraseMatcher,
    /// Per document language, per cue: its hits' range in `hits`.
    ranges: [Vec<(u32, u32)>; 2],
    hits: [Vec<Hit>; 2],
    entities: HashMap<String, u32>,
    /// [`id_bit`] of every id in `entities`: most mentions are of entities
    /// without rules, and this rejects them without hashing their ids.
    entity_bits: IdBits,
    /// Cue of each [`EntityKind`] (by its declaration order), if any.
    kinds: Vec<Option<u32>>,
    /// Cue of each [`Predicate`] (by its declaration order), if any.
    predicates: Vec<Option<u32>>,
    units: HashMap<String, u32>,
}

/// The rules of one cue, in taxonomy order.
type Rules = Vec<(u32, Lang, f64)>;

impl Scorer {
    pub(crate) fn build(tax: &Taxonomy) -> Result<Scorer, Error> {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_index: HashMap<String, usize> = HashMap::default();
        let mut keywords: Vec<Rules> = Vec::new();
        // Other cues in order of first mention, numbered after the keywords.
        let mut others: Vec<Rules> = Vec::new();
        let mut entities: HashMap<String, u32> = HashMap::default();
        let mut kinds: Vec<Option<u32>> = vec![None; EntityKind::ALL.len()];
        let mut predicates: Vec<Option<u32>> = vec![None; Predicate::ALL.len()];
        let mut units: HashMap<String, u32> = HashMap::default();
        for r in tax.active_rules() {
            let rule = (r.topic as u32, r.lang, r.weight);
            let mut other = |slot: &mut Option<u32>| {
                let i = *slot.get_or_insert_with(|| {
                    others.push(Vec::new());
                    (others.len() - 1) as u32
                });
                others[i as usize].push(rule);
            };
            match &r.cue {
                Cue::Keyword(k) => {
                    let i = *pattern_index.entry(k.clone()).or_insert_with(|| {
                        patterns.push(k.clone());
                        keywords.push(Vec::new());
                        patterns.len() - 1
                    });
                    keywords[i].push(rule);
                }
                Cue::Entity(id) => {
                    let mut slot = entities.get(id).copied();
                    other(&mut slot);
                    entities.extend(slot.map(|c| (id.clone(), c)));
                }
                Cue::Kind(k) => kinds.get_mut(*k as usize).into_iter().for_each(other),
                Cue::Predicate(p) => predicates.get_mut(*p as usize).into_iter().for_each(other),
                Cue::Unit(u) => {
                    let mut slot = units.get(u).copied();
                    other(&mut slot);
                    units.extend(slot.map(|c| (u.clone(), c)));
                }
            }
        }
        let offset = u32::try_from(keywords.len()).map_err(|_| Error::Automaton {
            what: "topic keyword",
            message: "more than 4 billion keywords".into(),
        })?;
        let shift = |c: &mut u32| *c += offset;
        entities.values_mut().for_each(shift);
        units.values_mut().for_each(shift);
        kinds.iter_mut().flatten().for_each(shift);
        predicates.iter_mut().flatten().for_each(shift);
        let mut ranges: [Vec<(u32, u32)>; 2] = Default::default();
        let mut hits: [Vec<Hit>; 2] = Default::default();
        for rules in keywords.iter().chain(&others) {
            for lang in [Lang::Fr, Lang::En] {
                let l = lang_index(lang);
                // A cue with rules of the document's language counts those
                // only; one with none counts the other language's, less.
                let mine = rules.iter().any(|r| r.1 == lang);
                let start = hits[l].len() as u32;
                hits[l].extend(rules.iter().filter(|r| r.1 == lang || !mine).map(
                    |&(topic, l, weight)| Hit {
                        topic,
                        weight,
                        scale: if l == lang { 1.0 } else { OTHER_LANGUAGE },
                    },
                ));
                ranges[l].push((start, hits[l].len() as u32));
            }
        }
        let mut entity_bits = [0; 64];
        for id in entities.keys() {
            let (w, bit) = id_bit(id);
            entity_bits[w] |= bit;
        }
        Ok(Scorer {
            ids: tax.topics.iter().map(|t| t.id.clone()).collect(),
            matcher: PhraseMatcher::build(&patterns, "topic keyword")?,
            ranges,
            hits,
            entities,
            entity_bits,
            kinds,
            predicates,
            units,
        })
    }

    /// Number of keyword patterns (distinct folded keywords).
    #[cfg(test)]
    pub(crate) fn keyword_count(&self) -> usize {
        self.matcher.len()
    }

    /// The cue of entity `id`, or [`NO_CUE`].
    #[inline]
    fn entity_cue(&self, id: &str) -> u32 {
        let (w, bit) = id_bit(id);
        if self.entity_bits[w] & bit == 0 {
            return NO_CUE;
        }
        self.entities.get(id).copied().unwrap_or(NO_CUE)
    }

    /// Number of cues: keyword patterns and evidence from earlier stages.
    fn cue_count(&self) -> usize {
        self.ranges[0].len()
    }

    // Kept out of line: one call per document, and profiles then show the stage.
    #[inline(never)]
    pub(crate) fn score(
        &self,
        folded: &Folded,
        lang: Lang,
        entities: &[Entity],
        facts: &[Fact],
    ) -> Vec<TopicScore> {
        crate::scratch::with(&SCRATCH, |scratch| {
            self.score_with(scratch, folded, lang, entities, facts)
        })
    }

    fn score_with(
        &self,
        scratch: &mut Scratch,
        folded: &Folded,
        lang: Lang,
        entities: &[Entity],
        facts: &[Fact],
    ) -> Vec<TopicScore> {
        let (words, lede_end) = words_and_lede(folded);
        let l = lang_index(lang);
        scratch.reset(self.cue_count(), self.ids.len());
        let mut counter = Counter {
            cap: CAP_BASE.saturating_add(words / CAP_WORDS),
            ranges: &self.ranges[l],
            hits: &self.hits[l],
            seen: &mut scratch.seen,
            touched: &mut scratch.touched,
            evidence: &mut scratch.evidence,
            cues: &mut scratch.cues,
        };

        // The cue of each entity that has its own rules: its mentions are
        // also the keywords they hold (`Nvidia`, `TSMC`), counted once.
        let entity_cues = &mut scratch.entity_cues;
        entity_cues.clear();
        entity_cues.extend(entities.iter().map(|e| self.entity_cue(&e.id)));
        let covered = &mut scratch.covered;
        covered.clear();
        covered.extend(
            entities
                .iter()
                .zip(entity_cues.iter())
                .filter(|&(_, &c)| c != NO_CUE)
                .map(|(e, _)| (e.start, e.end)),
        );

        // Matches first, counted after: the walk stays a tight loop. Every
        // match is taken (a keyword inside a covered mention too, to be
        // skipped), so collecting them changes nothing.
        let found = &mut scratch.found;
        found.clear();
        self.matcher.for_each_tokens_in(folded, |pat, k, e| {
            found.push((pat as u32, k as u32, e as u32));
            true
        });
        let tokens = folded.tokens();
        let mut next_covered = 0;
        for &(pat, k, e) in found.iter() {
            let last = (e as usize).checked_sub(1).and_then(|i| tokens.get(i));
            let (Some(first), Some(last)) = (tokens.get(k as usize), last) else {
                continue;
            };
            // Tokens carry their original offsets: no lookup per keyword.
            let (s, os, oe) = (
                first.start as usize,
                first.ostart as usize,
                last.oend as usize,
            );
            while next_covered < covered.len() && covered[next_covered].1 <= os {
                next_covered += 1;
            }
            if covered.get(next_covered).is_some_and(|&(cs, _)| cs < oe) {
                continue;
            }
            let factor = if s < lede_end { LEDE } else { 1.0 };
            counter.add(pat, factor);
        }

        // Evidence from earlier stages, counted per distinct value like keywords.
        for (e, &c) in entities.iter().zip(entity_cues.iter()) {
            if c != NO_CUE {
                counter.add(c, 1.0);
            }
            if let Some(&Some(c)) = self.kinds.get(e.kind as usize) {
                counter.add(c, 1.0);
            }
        }
        for f in facts {
            if let Some(p) = f.predicate {
                if let Some(&Some(c)) = self.predicates.get(p as usize) {
                    counter.add(c, 1.0);
                }
            }
            if let Some(u) = f.unit.as_deref() {
                if let Some(&c) = self.units.get(u) {
                    counter.add(c, 1.0);
                }
            }
        }

        scores(&self.ids, counter.evidence, counter.cues, words)
    }
}

/// A bit set of entity ids by length and last byte.
type IdBits = [u64; 64];

/// The word and bit of `id` in [`IdBits`]: its length and last byte, six
/// bits of each, read without hashing it.
#[inline]
fn id_bit(id: &str) -> (usize, u64) {
    let last = id.as_bytes().last().copied().unwrap_or(0);
    (id.len() & 63, 1 << (last & 63))
}

/// No cue (an entity without rules of its own).
const NO_CUE: u32 = u32::MAX;

/// Buffers reused from one document to the next on a thread.
#[derive(Default)]
struct Scratch {
    /// Times each cue was counted; zero but for the `touched` ones.
    seen: Vec<u32>,
    touched: Vec<u32>,
    evidence: Vec<f64>,
    cues: Vec<u8>,
    entity_cues: Vec<u32>,
    covered: Vec<(usize, usize)>,
    found: Vec<(u32, u32, u32)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Scratch {
    /// Empties the counts for a document: `cues` counters, `topics` topics.
    fn reset(&mut self, cues: usize, topics: usize) {
        // Only the counters the last document touched are not zero (the
        // table is as long as the largest taxonomy used on this thread).
        for &c in &self.touched {
            if let Some(n) = self.seen.get_mut(c as usize) {
                *n = 0;
            }
        }
        self.touched.clear();
        if self.seen.len() < cues {
            self.seen.resize(cues, 0);
        }
        self.evidence.clear();
        self.evidence.resize(topics, 0.0);
        self.cues.clear();
        self.cues.resize(topics, 0);
    }
}

/// Adds the weights of cues to a document's evidence.
struct Counter<'a> {
    cap: usize,
    ranges: &'a [(u32, u32)],
    hits: &'a [Hit],
    /// Times each cue was counted.
    seen: &'a mut [u32],
    /// The cues counted at least once.
    touched: &'a mut Vec<u32>,
    /// Per topic: the evidence, and its distinct cues (capped at 2: only
    /// "one or more" matters).
    evidence: &'a mut [f64],
    cues: &'a mut [u8],
}

impl Counter<'_> {
    /// Counts one mention of cue `c`; `factor` scales its weights (the
    /// lede's keywords count more).
    #[inline(always)]
    fn add(&mut self, c: u32, factor: f64) {
        let (Some(&(a, b)), Some(seen)) =
            (self.ranges.get(c as usize), self.seen.get_mut(c as usize))
        else {
            return;
        };
        let hits = self.hits.get(a as usize..b as usize).unwrap_or_default();
        if hits.is_empty() {
            return;
        }
        let n = *seen;
        if n == 0 {
            self.touched.push(c);
        }
        *seen = n.saturating_add(1);
        if n as usize >= self.cap {
            return;
        }
        for h in hits {
            let t = h.topic as usize;
            let mut f = factor * h.scale;
            if n > 0 {
                f *= REPEAT;
            } else if let Some(k) = self.cues.get_mut(t) {
                *k = (*k + 1).min(2);
            }
            if let Some(e) = self.evidence.get_mut(t) {
                *e += h.weight * f;
            }
        }
    }
}

/// Turns evidence into sorted scores (see the module docs).
fn scores(ids: &[String], evidence: &[f64], cues: &[u8], words: usize) -> Vec<TopicScore> {
    let strongest = evidence.iter().copied().fold(0.0, f64::max);
    if !(strongest > 0.0 && strongest.is_finite()) {
        return Vec::new();
    }
    let hundreds = (words as f64).max(MIN_WORDS) / 100.0;
    // Scores first: an id is cloned only for the topics reported (about
    // half of those with evidence).
    let mut ranked: Vec<(&String, f64)> = ids
        .iter()
        .zip(evidence.iter().zip(cues))
        .filter(|(_, (&e, _))| e > 0.0)
        .map(|(id, (&e, &n))| {
            let saturation = 1.0 - (-(e / hundreds) / DENSITY_SCALE).exp();
            let dominance = (e / strongest / DOMINANT).min(1.0);
            let corroboration = if n < 2 { SINGLE_CUE } else { 1.0 };
            let score = (saturation * dominance * corroboration).clamp(0.0, 1.0);
            // Three decimals: stable JSON, and no false precision.
            (id, (score * 1000.0).round() / 1000.0)
        })
        .filter(|t| t.1 >= MIN_SCORE)
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    // Halving per rank keeps the order and puts the extra ones under 0.5.
    let mut factor = 1.0;
    for t in ranked.iter_mut().skip(MAX_TOPICS) {
        factor *= 0.5;
        t.1 = (t.1 * factor * 1000.0).round() / 1000.0;
    }
    ranked
        .into_iter()
        .filter(|t| t.1 >= MIN_SCORE)
        .map(|(id, score)| TopicScore {
            id: id.clone(),
            score,
        })
        .collect()
}

/// The number of words of a folded text, and the folded offset where its
/// lede ends (after [`LEDE_WORDS`] words), from the tokens the fold cut.
fn words_and_lede(folded: &Folded) -> (usize, usize) {
    let f = folded.as_str();
    let b = f.as_bytes();
    // The fold counted the words; only the lede's need reading here.
    let mut left = LEDE_WORDS;
    for t in folded.tokens() {
        // Most tokens are ASCII: their first byte says whether they are words.
        let word = match b.get(t.start as usize) {
            Some(&c) if c < 0x80 => c.is_ascii_alphanumeric() || c == b'_',
            Some(_) => t.is_word(f),
            None => false,
        };
        if word {
            if left == 0 {
                return (folded.word_count(), t.start as usize);
            }
            left -= 1;
        }
    }
    (folded.word_count(), f.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Source;
    use crate::record::FactKind;
    use crate::text::is_word_char;

    #[test]
    fn words_and_lede_count_maximal_word_runs() {
        // Counted by characters, the plain way.
        fn plain(folded: &str) -> (usize, usize) {
            let (mut n, mut lede, mut in_word) = (0, folded.len(), false);
            for (i, c) in folded.char_indices() {
                let w = is_word_char(c);
                if w && !in_word {
                    n += 1;
                    if n == LEDE_WORDS + 1 {
                        lede = i;
                    }
                }
                in_word = w;
            }
            (n, lede)
        }
        let long = "L’Élysée a reçu 1 200 représentants d’États-Unis ; ".repeat(12);
        for text in ["", " ,;", "un", "Œuvre d’art, 3,5 % — fin.", long.as_str()] {
            let f = Folded::new(text);
            assert_eq!(words_and_lede(&f), plain(f.as_str()), "{text:?}");
        }
        assert!(words_and_lede(&Folded::new(&long)).1 < long.len());
    }

    fn scorer(tsv: &str) -> Scorer {
        let mut t = Taxonomy::default();
        t.add(
            Source {
                path: "t.tsv",
                text: tsv,
            },
            false,
        )
        .unwrap();
        Scorer::build(&t).unwrap()
    }

    const TAX: &str = "chips\tChips\ten\tchip\t1\n\
                       chips\t\ten\tsemiconductor\t2\n\
                       chips\t\ten\t@entity=company:nvidia\t2\n\
                       chips\t\tfr\tpuce\t1\n\
                       chips\t\tfr\tsemi-conducteur\t2\n\
                       data\tData\ten\tdata\t1\n\
                       dc\tDC\ten\tdata center\t2\n\
                       dc\t\ten\tdatacenter\t2\n\
                       chips\t\ten\t@entity=company:amd\t2\n\
                       markets\t\t*\t@predicate=revenue\t2\n\
                       energy\t\t*\t@unit=GW\t2\n\
                       markets\tMarkets\t*\t@predicate=market_share\t2\n\
                       energy\tEnergy\t*\t@unit=MW\t2\n";

    fn ids(out: &[TopicScore], min: f64) -> Vec<&str> {
        out.iter()
            .filter(|t| t.score >= min)
            .map(|t| t.id.as_str())
            .collect()
    }

    fn entity(id: &str) -> Entity {
        Entity {
            start: 0,
            end: 0,
            text: String::new(),
            kind: EntityKind::Company,
            name: String::new(),
            id: id.into(),
        }
    }

    #[test]
    fn keyword_rows() {
        let s = scorer(TAX);
        let rows: &[(&str, &str, Lang, &[&str])] = &[
            (
                "about chips",
                "The chip maker sells a semiconductor and another semiconductor.",
                Lang::En,
                &["chips"],
            ),
            (
                "longest keyword wins",
                "A data center, a datacenter and another data center.",
                Lang::En,
                &["dc"],
            ),
            (
                "other language ignored",
                "La puce et la puce et la puce.",
                Lang::En,
                &[],
            ),
            (
                "french keyword",
                "La puce et le semi-conducteur.",
                Lang::Fr,
                &["chips"],
            ),
            (
                "one cue, however repeated, only brushes",
                "chip chip chip chip chip",
                Lang::En,
                &[],
            ),
            (
                "two cues make a topic",
                "chip chip semiconductor",
                Lang::En,
                &["chips"],
            ),
            ("inside a word", "Chipset semiconductors", Lang::En, &[]),
            ("empty", "", Lang::En, &[]),
        ];
        for (name, text, lang, want) in rows {
            let out = s.score(&Folded::new(text), *lang, &[], &[]);
            assert_eq!(ids(&out, 0.5), *want, "row {name}: {text:?} -> {out:?}");
        }
    }

    #[test]
    fn evidence_from_entities_and_facts() {
        let s = scorer(TAX);
        let mut share = Fact::new(0, 0, "", FactKind::Percent, 12.0);
        share.predicate = Some(Predicate::MarketShare);
        let mut power = Fact::new(0, 0, "", FactKind::Quantity, 100.0);
        power.unit = Some("MW".into());
        let mut revenue = Fact::new(0, 0, "", FactKind::Money, 1e9);
        revenue.predicate = Some(Predicate::Revenue);
        let mut gw = Fact::new(0, 0, "", FactKind::Quantity, 1.0);
        gw.unit = Some("GW".into());
        let (nvidia, amd) = (entity("company:nvidia"), entity("company:amd"));
        type Row<'a> = (&'a str, Vec<Entity>, Vec<Fact>, &'a [&'a str]);
        let rows: &[Row] = &[
            (
                "market share and revenue facts",
                vec![],
                vec![share.clone(), revenue.clone()],
                &["markets"],
            ),
            (
                "unit facts",
                vec![],
                vec![power.clone(), gw.clone()],
                &["energy"],
            ),
            (
                "chip companies",
                vec![nvidia.clone(), amd.clone(), nvidia.clone()],
                vec![],
                &["chips"],
            ),
            (
                "one fact only brushes",
                vec![],
                vec![share.clone(), share.clone()],
                &[],
            ),
            ("unknown entity", vec![entity("company:acme")], vec![], &[]),
            (
                "no predicate",
                vec![],
                vec![Fact::new(0, 0, "", FactKind::Percent, 1.0)],
                &[],
            ),
        ];
        for (name, ents, facts, want) in rows {
            let out = s.score(&Folded::new("A short text."), Lang::En, ents, facts);
            assert_eq!(ids(&out, 0.5), *want, "row {name}: {out:?}");
        }
    }

    #[test]
    fn repeated_word_is_capped_and_length_normalised() {
        let s = scorer(TAX);
        let filler = "word ".repeat(400);
        let rows: &[(&str, String, bool)] = &[
            (
                "one word many times in a short text",
                "chip ".repeat(50),
                false,
            ),
            (
                "a brush in a long text",
                format!("{filler} chip {filler}"),
                false,
            ),
            (
                "dense and long",
                "semiconductor and chip sales, ".repeat(2000),
                true,
            ),
        ];
        for (name, text, about) in rows {
            let out = s.score(&Folded::new(text), Lang::En, &[], &[]);
            assert_eq!(ids(&out, 0.5) == ["chips"], *about, "row {name}: {out:?}");
        }
        // The cap: fifty repeats count like three, so the score stays below
        // that of three distinct strong cues.
        let repeated = s.score(&Folded::new(&"chip ".repeat(50)), Lang::En, &[], &[]);
        let varied = s.score(
            &Folded::new("semiconductor semiconductor semiconductor chip"),
            Lang::En,
            &[],
            &[],
        );
        assert!(
            repeated[0].score < varied[0].score,
            "{repeated:?} {varied:?}"
        );
    }

    #[test]
    fn scores_are_sorted_finite_and_in_range() {
        let s = scorer(TAX);
        let text = "data center chip data semiconductor data data data";
        let out = s.score(&Folded::new(text), Lang::En, &[], &[]);
        assert!(out.len() >= 2, "{out:?}");
        assert!(out.windows(2).all(|w| w[0].score >= w[1].score), "{out:?}");
        assert!(
            out.iter()
                .all(|t| t.score.is_finite() && (0.0..=1.0).contains(&t.score)),
            "{out:?}"
        );
    }

    /// The scoring as first written, rule by rule with hash maps: what the
    /// compiled cues must reproduce bit for bit.
    fn oracle(
        tax: &Taxonomy,
        folded: &Folded,
        lang: Lang,
        entities: &[Entity],
        facts: &[Fact],
    ) -> Vec<TopicScore> {
        #[derive(Clone, Copy)]
        struct H {
            topic: usize,
            lang: Lang,
            weight: f64,
        }
        let mut patterns: Vec<String> = Vec::new();
        let mut keywords: Vec<Vec<H>> = Vec::new();
        let mut others: HashMap<(u8, String), Vec<H>> = HashMap::default();
        for r in tax.active_rules() {
            let h = H {
                topic: r.topic,
                lang: r.lang,
                weight: r.weight,
            };
            let key = match &r.cue {
                Cue::Keyword(k) => {
                    match patterns.iter().position(|p| p == k) {
                        Some(i) => keywords[i].push(h),
                        None => {
                            patterns.push(k.clone());
                            keywords.push(vec![h]);
                        }
                    }
                    continue;
                }
                Cue::Entity(id) => (0, id.clone()),
                Cue::Kind(k) => (1, k.as_str().to_string()),
                Cue::Predicate(p) => (2, p.as_str().to_string()),
                Cue::Unit(u) => (3, u.clone()),
            };
            others.entry(key).or_default().push(h);
        }
        let matcher = PhraseMatcher::build(&patterns, "test").unwrap();
        let (words, lede_end) = words_and_lede(folded);
        let cap = CAP_BASE + words / CAP_WORDS;
        let mut evidence = vec![0.0f64; tax.topics.len()];
        let mut cues = vec![0u8; tax.topics.len()];
        let mut add = |hits: &[H], seen: &mut usize, factor: f64| {
            let mine = hits.iter().any(|h| h.lang == lang);
            for h in hits.iter().filter(|h| h.lang == lang || !mine) {
                if *seen < cap {
                    let mut f = if h.lang == lang {
                        factor
                    } else {
                        factor * OTHER_LANGUAGE
                    };
                    if *seen > 0 {
                        f *= REPEAT;
                    } else {
                        cues[h.topic] = (cues[h.topic] + 1).min(2);
                    }
                    evidence[h.topic] += h.weight * f;
                }
            }
            *seen += 1;
        };
        let mut keyword_seen = vec![0usize; patterns.len()];
        let covered: Vec<(usize, usize)> = entities
            .iter()
            .filter(|e| others.contains_key(&(0, e.id.clone())))
            .map(|e| (e.start, e.end))
            .collect();
        let tokens = folded.tokens();
        matcher.for_each_tokens_in(folded, |pat, k, e| {
            let (s, os, oe) = (
                tokens[k].start as usize,
                tokens[k].ostart as usize,
                tokens[e - 1].oend as usize,
            );
            // Linear, the plain way: any covered mention overlapping it.
            if covered.iter().any(|&(cs, ce)| cs < oe && os < ce) {
                return true;
            }
            let factor = if s < lede_end { LEDE } else { 1.0 };
            add(&keywords[pat], &mut keyword_seen[pat], factor);
            true
        });
        let mut seen: HashMap<(u8, String), usize> = HashMap::default();
        let mut count = |key: (u8, String)| {
            if let Some(hits) = others.get(&key) {
                add(hits, seen.entry(key).or_default(), 1.0);
            }
        };
        for e in entities {
            count((0, e.id.clone()));
            count((1, e.kind.as_str().to_string()));
        }
        for f in facts {
            if let Some(p) = f.predicate {
                count((2, p.as_str().to_string()));
            }
            if let Some(u) = &f.unit {
                count((3, u.clone()));
            }
        }
        scores(&ids_of(tax), &evidence, &cues, words)
    }

    fn ids_of(tax: &Taxonomy) -> Vec<String> {
        tax.topics.iter().map(|t| t.id.clone()).collect()
    }

    fn bits(out: &[TopicScore]) -> Vec<(&str, u64)> {
        out.iter()
            .map(|t| (t.id.as_str(), t.score.to_bits()))
            .collect()
    }

    /// The id filter lets every id with rules through, to its own cue.
    #[test]
    fn entity_filter_keeps_ids_with_rules() {
        let tax = super::super::taxonomy(true, &[]).unwrap();
        let s = Scorer::build(&tax).unwrap();
        let with_rules: Vec<&str> = tax
            .active_rules()
            .filter_map(|r| match &r.cue {
                Cue::Entity(id) => Some(id.as_str()),
                _ => None,
            })
            .collect();
        assert!(with_rules.len() > 20);
        for id in &with_rules {
            assert_eq!(s.entity_cue(id), s.entities[*id], "{id}");
        }
        for id in ["", "country:FR", "company:nvidiaa", "x", "company:openai "] {
            assert_eq!(
                s.entity_cue(id) == NO_CUE,
                !with_rules.contains(&id),
                "{id}"
            );
        }
    }

    /// The compiled cues score every document exactly as the rules read one
    /// by one do, whichever taxonomy used the thread's buffers before.
    #[test]
    fn compiled_cues_score_as_the_rules() {
        let small = {
            let mut t = Taxonomy::default();
            t.add(
                Source {
                    path: "t.tsv",
                    text: &format!(
                        "{TAX}energy\t\tfr\t@kind=country\t0.3\n\
                         data\t\ten\t@entity=company:acme\t1\n\
                         data\t\tfr\tdonnees\t0.7\n\
                         chips\t\tfr\tchip\t0.25\n"
                    ),
                },
                false,
            )
            .unwrap();
            t
        };
        let full = super::super::taxonomy(true, &[]).unwrap();
        let (s_small, s_full) = (
            Scorer::build(&small).unwrap(),
            Scorer::build(&full).unwrap(),
        );
        let ent = |start: usize, end: usize, kind: EntityKind, id: &str| Entity {
            start,
            end,
            text: String::new(),
            kind,
            name: String::new(),
            id: id.into(),
        };
        let mut share = Fact::new(0, 0, "", FactKind::Percent, 12.0);
        share.predicate = Some(Predicate::MarketShare);
        let mut power = Fact::new(0, 0, "", FactKind::Quantity, 100.0);
        power.unit = Some("MW".into());
        let long = "Les centres de données et la puce: Nvidia, chip, data center. ".repeat(30);
        let texts = [
            "",
            "Nvidia chip semiconductor data data data center datacenter puce",
            "La puce et le semi-conducteur de Nvidia, chip chip chip.",
            "Les centres de données consomment de l'électricité (MW) ; l'IA générative aussi.",
            long.as_str(),
        ];
        let mut scored = 0;
        for text in texts {
            let folded = Folded::new(text);
            let at = |w: &str| text.find(w).map_or((0, 0), |s| (s, s + w.len()));
            let (ns, ne) = at("Nvidia");
            let (cs, ce) = at("chip");
            let entities = [
                ent(ns, ne, EntityKind::Company, "company:nvidia"),
                ent(cs, ce, EntityKind::Company, "company:acme"),
                ent(ce, ce + 1, EntityKind::Country, "country:FR"),
                ent(ns, ne, EntityKind::Company, "company:nvidia"),
            ];
            let facts = [share.clone(), power.clone(), share.clone()];
            for lang in [Lang::Fr, Lang::En] {
                for (tax, s) in [(&small, &s_small), (&full, &s_full), (&small, &s_small)] {
                    for n in [0, 1, entities.len()] {
                        let (e, f) = (&entities[..n], &facts[..n.min(facts.len())]);
                        let got = s.score(&folded, lang, e, f);
                        let want = oracle(tax, &folded, lang, e, f);
                        assert_eq!(bits(&got), bits(&want), "{lang} {n} {text:?}");
                        scored += usize::from(got.len() >= 2);
                    }
                }
            }
        }
        assert!(scored >= 30, "{scored} documents with two topics or more");
    }

    #[test]
    fn dominance_drops_topics_far_behind() {
        let s = scorer(TAX);
        let text = "semiconductor semiconductor semiconductor chip chip chip data";
        let out = s.score(&Folded::new(text), Lang::En, &[], &[]);
        assert_eq!(ids(&out, 0.5), ["chips"], "{out:?}");
        assert!(
            out.iter().any(|t| t.id == "data"),
            "data is still listed below 0.5: {out:?}"
        );
    }
}
