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

use super::orig::OrigCursor;
use super::taxonomy::{Cue, Taxonomy};
use crate::record::{Entity, EntityKind, Fact, Lang, Predicate, TopicScore};
use crate::text::{is_word_char, on_word_boundaries, Folded, PhraseMatcher};
use crate::Error;
use rustc_hash::FxHashMap;
use std::collections::HashMap;

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
    keywords: Keywords,
    /// Hits of each cue: keyword pattern `i` is cue `i`, the evidence cues
    /// (`@entity`, `@kind`, …) follow. One index space, so a document counts
    /// the repeats of every cue in one small map.
    cues: Vec<Vec<Hit>>,
    entities: FxHashMap<String, u32>,
    kinds: FxHashMap<EntityKind, u32>,
    predicates: FxHashMap<Predicate, u32>,
    units: FxHashMap<String, u32>,
}

/// How keywords are found; both give the same matches.
#[derive(Clone, Debug)]
enum Keywords {
    /// Word by word, when every keyword starts with a word character (the
    /// default taxonomy): a word-start scan with one hash probe per word is
    /// several times cheaper than the automaton on news text, and gives the
    /// word count and the lede in the same pass.
    Words(KeywordIndex),
    /// The general engine, for keywords that start with punctuation (`.net`).
    Automaton(PhraseMatcher),
}

impl Scorer {
    pub(crate) fn build(tax: &Taxonomy) -> Result<Scorer, Error> {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_index: HashMap<String, usize> = HashMap::new();
        let mut cues: Vec<Vec<Hit>> = Vec::new();
        let mut evidence: Vec<(&Cue, Hit)> = Vec::new();
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
                        cues.push(Vec::new());
                        patterns.len() - 1
                    });
                    cues[i].push(hit);
                }
                cue => evidence.push((cue, hit)),
            }
        }
        // Evidence cues after all keywords, numbered in order of first rule.
        let mut entities = FxHashMap::default();
        let mut kinds = FxHashMap::default();
        let mut predicates = FxHashMap::default();
        let mut units = FxHashMap::default();
        for (cue, hit) in evidence {
            let next = cues.len() as u32;
            let i = *match cue {
                Cue::Entity(id) => entities.entry(id.clone()).or_insert(next),
                Cue::Kind(k) => kinds.entry(*k).or_insert(next),
                Cue::Predicate(p) => predicates.entry(*p).or_insert(next),
                Cue::Unit(u) => units.entry(u.clone()).or_insert(next),
                Cue::Keyword(_) => continue,
            };
            if i == next {
                cues.push(Vec::new());
            }
            cues[i as usize].push(hit);
        }
        let keywords = match KeywordIndex::build(&patterns) {
            Some(index) => Keywords::Words(index),
            None => Keywords::Automaton(PhraseMatcher::build(&patterns, "topic keyword")?),
        };
        Ok(Scorer {
            ids: tax.topics.iter().map(|t| t.id.clone()).collect(),
            keywords,
            cues,
            entities,
            kinds,
            predicates,
            units,
        })
    }

    /// Number of keyword patterns (distinct folded keywords).
    #[cfg(test)]
    pub(crate) fn keyword_count(&self) -> usize {
        match &self.keywords {
            Keywords::Words(k) => k.patterns.len(),
            Keywords::Automaton(m) => m.len(),
        }
    }

    /// Scores `text`, whose fold is `folded`.
    pub(crate) fn score(
        &self,
        text: &str,
        folded: &Folded,
        lang: Lang,
        entities: &[Entity],
        facts: &[Fact],
    ) -> Vec<TopicScore> {
        let orig_text = text;
        let text = folded.as_str();
        // Mentions whose entity has its own rules, in order: a keyword there
        // (`Nvidia`, `TSMC`) is the same evidence, already counted below.
        let entity_cues: Vec<Option<u32>> = entities
            .iter()
            .map(|e| self.entities.get(&e.id).copied())
            .collect();
        let covered: Vec<(usize, usize)> = entities
            .iter()
            .zip(&entity_cues)
            .filter(|(_, c)| c.is_some())
            .map(|(e, _)| (e.start, e.end))
            .collect();
        let mut next_covered = 0;
        // Keyword matches in text order, with whether they are in the lede.
        // They are weighed once the scan has counted the words (the cap
        // depends on the length); whether a match is taken does not depend
        // on the weighing, only on the cue having hits for the language.
        let mut found: Vec<(u32, bool)> = Vec::new();
        // Matches come in text order; a shorter one may follow a longer one
        // at the same start, so the end is only peeked.
        let mut orig = OrigCursor::new(orig_text, text.len());
        let mut take = |pat: usize, s: usize, e: usize, lede: bool| -> bool {
            let (os, oe) = (orig.advance(s), orig.peek(e));
            debug_assert_eq!((os, oe), (folded.to_orig(s), folded.to_orig(e)));
            while next_covered < covered.len() && covered[next_covered].1 <= os {
                next_covered += 1;
            }
            if covered.get(next_covered).is_some_and(|&(cs, _)| cs < oe) {
                return true;
            }
            let applies = counted(&self.cues[pat], lang).next().is_some();
            if applies {
                found.push((pat as u32, lede));
            }
            applies
        };
        let words = match &self.keywords {
            Keywords::Words(index) => index.scan(text, take),
            Keywords::Automaton(m) => {
                let (words, lede_end) = count_words(text);
                m.for_each(text, |pat, s, e| take(pat, s, e, s < lede_end));
                words
            }
        };

        let cap = CAP_BASE.saturating_add(words / CAP_WORDS);
        let mut evidence = vec![0.0f64; self.ids.len()];
        // Distinct cues per topic (capped at 2: only "one or more" matters).
        let mut cues = vec![0u8; self.ids.len()];
        // Mentions counted so far per cue.
        let mut seen = vec![0u32; self.cues.len()];
        // `factor` scales the weights: the lede's keywords count more, the
        // other language's (loanwords, names) less.
        let mut add = |cue: u32, factor: f64| {
            let seen = &mut seen[cue as usize];
            let mut any = false;
            for h in counted(&self.cues[cue as usize], lang) {
                any = true;
                if (*seen as usize) < cap {
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
                *seen = seen.saturating_add(1);
            }
        };
        for (pat, lede) in found {
            add(pat, if lede { LEDE } else { 1.0 });
        }

        // Evidence from earlier stages, counted per distinct value like keywords.
        for (e, cue) in entities.iter().zip(entity_cues) {
            if let Some(cue) = cue {
                add(cue, 1.0);
            }
            if let Some(&cue) = self.kinds.get(&e.kind) {
                add(cue, 1.0);
            }
        }
        for f in facts {
            if let Some(&cue) = f.predicate.and_then(|p| self.predicates.get(&p)) {
                add(cue, 1.0);
            }
            if let Some(&cue) = f.unit.as_deref().and_then(|u| self.units.get(u)) {
                add(cue, 1.0);
            }
        }

        scores(&self.ids, &evidence, &cues, words)
    }
}

/// The hits of a cue that count in a `lang` document: those of its
/// language, or all of them when it has none.
fn counted(hits: &[Hit], lang: Lang) -> impl Iterator<Item = &Hit> {
    let mine = hits.iter().any(|h| h.lang == lang);
    hits.iter().filter(move |h| h.lang == lang || !mine)
}

/// Keywords by their first word, to find them word by word with the
/// semantics of [`PhraseMatcher::for_each`]: leftmost-longest, on word
/// boundaries, no overlaps, a rejected match yielding to the next shorter
/// one at the same start.
///
/// Why the first word is enough: a match starts on a word boundary, so
/// with a keyword that starts with a word character, at the start of a word
/// of the text. A keyword can only be there if its first word (its leading
/// run of word characters) is that whole word: shorter, the keyword goes on
/// with a non-word character where the text has a word character, or ends
/// inside the word (not on a boundary); longer, the text has a non-word
/// character where the keyword has a word character.
#[derive(Clone, Debug)]
struct KeywordIndex {
    patterns: Vec<Box<str>>,
    /// [`word_hash`] of a first word → the range of `order` holding its
    /// keywords (and those of any first word with the same hash: each
    /// keyword is compared in full before it is taken, and only one whose
    /// first word is the text's word can match, so sharing is harmless).
    first: FxHashMap<u64, (u32, u32)>,
    /// Keyword ids grouped by first word hash, longest first within a group.
    order: Vec<u32>,
    /// Bit `word_hash >> (64 - BLOOM_LOG2)` is set for each first word: most
    /// words of a text (three in four) start no keyword, and a bit test
    /// turns them away before the table probe.
    bloom: Box<[u64]>,
    /// Length of the longest first word: a longer word needs no probe.
    max_first: usize,
}

/// Bits of [`KeywordIndex::bloom`], log 2 (4 KB: stays in the L1 cache).
const BLOOM_LOG2: u32 = 15;

impl KeywordIndex {
    /// `None` when a keyword does not start with a word character.
    fn build(patterns: &[String]) -> Option<KeywordIndex> {
        let mut by_first: Vec<(u64, usize, usize, u32)> = Vec::with_capacity(patterns.len());
        for (i, p) in patterns.iter().enumerate() {
            let end = p.find(|c: char| !is_word_char(c)).unwrap_or(p.len());
            if end == 0 {
                return None;
            }
            by_first.push((word_hash(p.as_bytes(), 0, end), end, p.len(), i as u32));
        }
        by_first.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)));
        let mut first = FxHashMap::default();
        let mut order = Vec::with_capacity(by_first.len());
        let mut bloom = vec![0u64; (1 << BLOOM_LOG2) / 64].into_boxed_slice();
        let mut max_first = 0;
        for (k, &(hash, word_len, _, i)) in by_first.iter().enumerate() {
            order.push(i);
            max_first = max_first.max(word_len);
            let bit = (hash >> (64 - BLOOM_LOG2)) as usize;
            bloom[bit / 64] |= 1 << (bit % 64);
            let range = first.entry(hash).or_insert((k as u32, k as u32));
            range.1 = k as u32 + 1;
        }
        Some(KeywordIndex {
            patterns: patterns.iter().map(|p| p.as_str().into()).collect(),
            first,
            order,
            bloom,
            max_first,
        })
    }

    /// Calls `take(pattern, start, end, in_lede)` like
    /// [`PhraseMatcher::for_each`] (`in_lede`: the match starts within the
    /// first [`LEDE_WORDS`] words) and returns the number of words.
    fn scan(&self, folded: &str, mut take: impl FnMut(usize, usize, usize, bool) -> bool) -> usize {
        let hay = folded.as_bytes();
        let (mut words, mut resume) = (0usize, 0usize);
        for_each_word(folded, |s, e| {
            words += 1;
            if s < resume || e - s > self.max_first {
                return;
            }
            let hash = word_hash(hay, s, e);
            let bit = (hash >> (64 - BLOOM_LOG2)) as usize;
            if self.bloom[bit / 64] & (1 << (bit % 64)) == 0 {
                return;
            }
            let Some(&(a, b)) = self.first.get(&hash) else {
                return;
            };
            for &p in &self.order[a as usize..b as usize] {
                let pat = self.patterns[p as usize].as_bytes();
                let end = s + pat.len();
                if hay[s..].starts_with(pat)
                    && on_word_boundaries(folded, s, end)
                    && take(p as usize, s, end, words <= LEDE_WORDS)
                {
                    resume = end;
                    break;
                }
            }
        });
        words
    }
}

/// A hash of a word from its length and first and last 8 bytes: cheap, and
/// exact up to 16 bytes (longer words may share one, see [`KeywordIndex`]).
fn word_hash(hay: &[u8], s: usize, e: usize) -> u64 {
    let n = e - s;
    let word8 = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
    let (head, tail) = if n >= 8 {
        (word8(&hay[s..s + 8]), word8(&hay[e - 8..e]))
    } else if let Some(b) = hay.get(s..s + 8) {
        // The 8 bytes from the start, the word's kept: no copy.
        (word8(b) & (u64::MAX >> (8 * (8 - n))), 0)
    } else {
        let mut buf = [0u8; 8];
        buf[..n].copy_from_slice(&hay[s..e]);
        (u64::from_le_bytes(buf), 0)
    };
    let h = (head ^ (n as u64) << 56).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ tail.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    h ^ (h >> 31)
}

/// Word characters among ASCII bytes (see [`is_word_char`]).
const ASCII_WORD: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    t
};

/// Calls `f(start, end)` for each word (maximal run of word characters) of
/// `text`, in order. Bytewise: ASCII, most of news text, needs no decoding.
fn for_each_word(text: &str, mut f: impl FnMut(usize, usize)) {
    let b = text.as_bytes();
    // Whether the character at `i` is a word character, and its length.
    let class = |i: usize, x: u8| -> (bool, usize) {
        if x < 0x80 {
            return (ASCII_WORD[x as usize], 1);
        }
        match text.get(i..).and_then(|r| r.chars().next()) {
            Some(c) => (is_word_char(c), c.len_utf8()),
            None => (false, 1),
        }
    };
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        let (word, n) = class(i, x);
        if !word {
            i += n;
            continue;
        }
        let start = i;
        i += n;
        while let Some(&x) = b.get(i) {
            let (word, n) = class(i, x);
            if !word {
                break;
            }
            i += n;
        }
        f(start, i);
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

/// The number of words and the byte offset where the lede ends (after
/// [`LEDE_WORDS`] words, or the end).
fn count_words(folded: &str) -> (usize, usize) {
    let (mut n, mut lede_end) = (0, folded.len());
    for_each_word(folded, |s, _| {
        n += 1;
        if n == LEDE_WORDS + 1 {
            lede_end = s;
        }
    });
    (n, lede_end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Source;
    use crate::record::FactKind;

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

    fn score_text(
        s: &Scorer,
        text: &str,
        lang: Lang,
        entities: &[Entity],
        facts: &[Fact],
    ) -> Vec<TopicScore> {
        s.score(text, &Folded::new(text), lang, entities, facts)
    }

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
            let out = score_text(&s, text, *lang, &[], &[]);
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
            let out = score_text(&s, "A short text.", Lang::En, ents, facts);
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
            let out = score_text(&s, text, Lang::En, &[], &[]);
            assert_eq!(ids(&out, 0.5) == ["chips"], *about, "row {name}: {out:?}");
        }
        // The cap: fifty repeats count like three, so the score stays below
        // that of three distinct strong cues.
        let repeated = score_text(&s, &"chip ".repeat(50), Lang::En, &[], &[]);
        let varied = score_text(
            &s,
            "semiconductor semiconductor semiconductor chip",
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
        let out = score_text(&s, text, Lang::En, &[], &[]);
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
        let out = score_text(&s, text, Lang::En, &[], &[]);
        assert_eq!(ids(&out, 0.5), ["chips"], "{out:?}");
        assert!(
            out.iter().any(|t| t.id == "data"),
            "data is still listed below 0.5: {out:?}"
        );
    }

    /// Runs the word index and the automaton on the same patterns and text,
    /// with the caller rejecting the patterns in `reject`, and returns both
    /// match lists `(pattern, start, end)`.
    type Matches = Vec<(usize, usize, usize)>;
    fn both(patterns: &[&str], text: &str, reject: &[&str]) -> (Matches, Matches) {
        let folded: Vec<String> = patterns.iter().map(|p| crate::text::fold_str(p)).collect();
        let index = KeywordIndex::build(&folded).expect("patterns start with a word character");
        let matcher = PhraseMatcher::build(&folded, "test").unwrap();
        let t = crate::text::fold_str(text);
        let take = |out: &mut Matches, p: usize, s: usize, e: usize| {
            if reject.contains(&patterns[p]) {
                return false;
            }
            out.push((p, s, e));
            true
        };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        index.scan(&t, |p, s, e, _| take(&mut a, p, s, e));
        matcher.for_each(&t, |p, s, e| take(&mut b, p, s, e));
        (a, b)
    }

    const PATTERNS: &[&str] = &[
        "data",
        "data center",
        "data centers",
        "centre de données",
        "données",
        "semi-conducteur",
        "semi",
        "modèles d'IA",
        "IA",
        "S&P 500",
        "S",
        "chip",
        "chip maker",
        "a",
        "a levé",
    ];

    #[test]
    fn word_index_matches_like_the_automaton() {
        let rows = [
            "data center data centers data-center datacenter",
            "le centre de données, les données; semi-conducteurs semi-conducteur semi",
            "des modèles d'IA et l'IA, IAM, S&P 500, S&P 5000, S & P",
            "chip maker chipmaker chip makers a levé a levée",
            "",
            "   ",
            "données",
        ];
        for text in rows {
            for reject in [
                &[][..],
                &["data center", "semi-conducteur", "chip maker"][..],
            ] {
                let (a, b) = both(PATTERNS, text, reject);
                assert_eq!(a, b, "{text:?} rejecting {reject:?}");
            }
        }
    }

    #[test]
    fn lede_and_word_count_from_the_scan() {
        let index = KeywordIndex::build(&["chip".to_string()]).unwrap();
        let text = "w ".repeat(LEDE_WORDS - 1) + "chip chip, l'ia";
        let mut lede = Vec::new();
        let words = index.scan(&text, |_, _, _, in_lede| {
            lede.push(in_lede);
            true
        });
        assert_eq!(lede, [true, false]);
        assert_eq!(words, LEDE_WORDS + 3);
        assert_eq!(words, count_words(&text).0);
        assert_eq!(count_words(&text).1, text.find("chip, ").unwrap());
    }

    #[test]
    fn keyword_starting_with_punctuation_uses_the_automaton() {
        let s = scorer("dev\tDev\ten\t.net\t2\ndev\t\ten\tcompiler\t2\n");
        assert!(matches!(s.keywords, Keywords::Automaton(_)));
        let out = score_text(&s, "ASP.NET and a compiler.", Lang::En, &[], &[]);
        assert_eq!(ids(&out, 0.5), ["dev"], "{out:?}");
    }

    proptest::proptest! {
        #[test]
        fn word_index_matches_like_the_automaton_on_any_mix(
            words in proptest::collection::vec(
                "(data|center|centers|centre|de|donnees|semi|conducteur|modeles|d|ia|s|p|500|chip|maker|a|leve|x)",
                0..30,
            ),
            seps in proptest::collection::vec("( |-|'|, |&|\\. |é|\u{ad})", 30),
        ) {
            let text: String = words
                .iter()
                .zip(&seps)
                .flat_map(|(w, s)| [w.as_str(), s.as_str()])
                .collect();
            let (a, b) = both(PATTERNS, &text, &["semi-conducteur"]);
            proptest::prop_assert_eq!(a, b, "{:?}", text);
        }
    }
}
