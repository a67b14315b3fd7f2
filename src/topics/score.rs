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
use crate::record::{Entity, EntityKind, Fact, Lang, Predicate, TopicScore};
use crate::text::{Folded, PhraseMatcher};
use crate::Error;
use rustc_hash::FxHashMap as HashMap;

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

/// One topic's weight for a cue, in one language.
#[derive(Clone, Copy, Debug)]
struct Hit {
    topic: u32,
    lang: Lang,
    weight: f64,
}

/// The compiled taxonomy.
#[derive(Clone, Debug)]
pub(crate) struct Scorer {
    ids: Vec<String>,
    matcher: PhraseMatcher,
    /// Hits of each keyword pattern.
    keywords: Vec<Vec<Hit>>,
    entities: HashMap<String, Vec<Hit>>,
    kinds: HashMap<EntityKind, Vec<Hit>>,
    predicates: HashMap<Predicate, Vec<Hit>>,
    units: HashMap<String, Vec<Hit>>,
}

impl Scorer {
    pub(crate) fn build(tax: &Taxonomy) -> Result<Scorer, Error> {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_index: HashMap<String, usize> = HashMap::default();
        let mut keywords: Vec<Vec<Hit>> = Vec::new();
        let mut entities: HashMap<String, Vec<Hit>> = HashMap::default();
        let mut kinds: HashMap<EntityKind, Vec<Hit>> = HashMap::default();
        let mut predicates: HashMap<Predicate, Vec<Hit>> = HashMap::default();
        let mut units: HashMap<String, Vec<Hit>> = HashMap::default();
        for r in tax.active_rules() {
            let hit = Hit {
                topic: r.topic as u32,
                lang: r.lang,
                weight: r.weight,
            };
            match &r.cue {
                Cue::Keyword(k) => {
                    let i = *pattern_index.entry(k.clone()).or_insert_with(|| {
                        patterns.push(k.clone());
                        keywords.push(Vec::new());
                        patterns.len() - 1
                    });
                    keywords[i].push(hit);
                }
                Cue::Entity(id) => entities.entry(id.clone()).or_default().push(hit),
                Cue::Kind(k) => kinds.entry(*k).or_default().push(hit),
                Cue::Predicate(p) => predicates.entry(*p).or_default().push(hit),
                Cue::Unit(u) => units.entry(u.clone()).or_default().push(hit),
            }
        }
        Ok(Scorer {
            ids: tax.topics.iter().map(|t| t.id.clone()).collect(),
            matcher: PhraseMatcher::build(&patterns, "topic keyword")?,
            keywords,
            entities,
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

    // Kept out of line: one call per document, and profiles then show the stage.
    #[inline(never)]
    pub(crate) fn score(
        &self,
        folded: &Folded,
        lang: Lang,
        entities: &[Entity],
        facts: &[Fact],
    ) -> Vec<TopicScore> {
        let (words, lede_end) = words_and_lede(folded);
        let cap = CAP_BASE.saturating_add(words / CAP_WORDS);
        let mut evidence = vec![0.0f64; self.ids.len()];
        // Distinct cues per topic (capped at 2: only "one or more" matters).
        let mut cues = vec![0u8; self.ids.len()];
        // `factor` scales the weights: the lede's keywords count more, the
        // other language's (loanwords, names) less.
        let mut add = |hits: &[Hit], seen: &mut usize, factor: f64| -> bool {
            let mine = hits.iter().any(|h| h.lang == lang);
            let mut any = false;
            for h in hits.iter().filter(|h| h.lang == lang || !mine) {
                any = true;
                if *seen < cap {
                    let mut f = if h.lang == lang {
                        factor
                    } else {
                        factor * OTHER_LANGUAGE
                    };
                    if *seen > 0 {
                        f *= REPEAT;
                    } else {
                        cues[h.topic as usize] = (cues[h.topic as usize] + 1).min(2);
                    }
                    evidence[h.topic as usize] += h.weight * f;
                }
            }
            if any {
                *seen += 1;
            }
            any
        };

        // Times each keyword pattern was counted, for the few the document
        // holds (a table over all ~2,000 patterns cost more to zero than to use).
        let mut keyword_seen: Vec<(usize, usize)> = Vec::new();
        // Mentions whose entity has its own rules, in order: a keyword there
        // (`Nvidia`, `TSMC`) is the same evidence, already counted below.
        let covered: Vec<(usize, usize)> = entities
            .iter()
            .filter(|e| self.entities.contains_key(&e.id))
            .map(|e| (e.start, e.end))
            .collect();
        let mut next_covered = 0;
        let tokens = folded.tokens();
        self.matcher.for_each_tokens_in(folded, |pat, k, e| {
            // Tokens carry their original offsets: no lookup per keyword.
            let (s, os, oe) = (
                tokens[k].start as usize,
                tokens[k].ostart as usize,
                tokens[e - 1].oend as usize,
            );
            while next_covered < covered.len() && covered[next_covered].1 <= os {
                next_covered += 1;
            }
            if covered.get(next_covered).is_some_and(|&(cs, _)| cs < oe) {
                return true;
            }
            let factor = if s < lede_end { LEDE } else { 1.0 };
            let k = match keyword_seen.iter().position(|&(p, _)| p == pat) {
                Some(k) => k,
                None => {
                    keyword_seen.push((pat, 0));
                    keyword_seen.len() - 1
                }
            };
            add(&self.keywords[pat], &mut keyword_seen[k].1, factor)
        });

        // Evidence from earlier stages, counted per distinct value like keywords.
        let mut seen: HashMap<(u8, &str), usize> = HashMap::default();
        for e in entities {
            if let Some(hits) = self.entities.get(&e.id) {
                add(hits, seen.entry((0, e.id.as_str())).or_default(), 1.0);
            }
            if let Some(hits) = self.kinds.get(&e.kind) {
                add(hits, seen.entry((1, e.kind.as_str())).or_default(), 1.0);
            }
        }
        for f in facts {
            if let Some(p) = f.predicate {
                if let Some(hits) = self.predicates.get(&p) {
                    add(hits, seen.entry((2, p.as_str())).or_default(), 1.0);
                }
            }
            if let Some(u) = f.unit.as_deref() {
                if let Some(hits) = self.units.get(u) {
                    add(hits, seen.entry((3, u)).or_default(), 1.0);
                }
            }
        }

        scores(&self.ids, &evidence, &cues, words)
    }
}

/// Turns evidence into sorted scores (see the module docs).
fn scores(ids: &[String], evidence: &[f64], cues: &[u8], words: usize) -> Vec<TopicScore> {
    let strongest = evidence.iter().copied().fold(0.0, f64::max);
    if !(strongest > 0.0 && strongest.is_finite()) {
        return Vec::new();
    }
    let hundreds = (words as f64).max(MIN_WORDS) / 100.0;
    let mut out: Vec<TopicScore> = ids
        .iter()
        .zip(evidence.iter().zip(cues))
        .filter(|(_, (&e, _))| e > 0.0)
        .map(|(id, (&e, &n))| {
            let saturation = 1.0 - (-(e / hundreds) / DENSITY_SCALE).exp();
            let dominance = (e / strongest / DOMINANT).min(1.0);
            let corroboration = if n < 2 { SINGLE_CUE } else { 1.0 };
            let score = (saturation * dominance * corroboration).clamp(0.0, 1.0);
            // Three decimals: stable JSON, and no false precision.
            TopicScore {
                id: id.clone(),
                score: (score * 1000.0).round() / 1000.0,
            }
        })
        .filter(|t| t.score >= MIN_SCORE)
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    // Halving per rank keeps the order and puts the extra ones under 0.5.
    let mut factor = 1.0;
    for t in out.iter_mut().skip(MAX_TOPICS) {
        factor *= 0.5;
        t.score = (t.score * factor * 1000.0).round() / 1000.0;
    }
    out.retain(|t| t.score >= MIN_SCORE);
    out
}

/// The number of words of a folded text, and the folded offset where its
/// lede ends (after [`LEDE_WORDS`] words), from the tokens the fold cut.
fn words_and_lede(folded: &Folded) -> (usize, usize) {
    let f = folded.as_str();
    // The fold counted the words; only the lede's need reading here.
    let lede_end = folded
        .tokens()
        .iter()
        .filter(|t| t.is_word(f))
        .nth(LEDE_WORDS)
        .map_or(f.len(), |t| t.start as usize);
    (folded.word_count(), lede_end)
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
