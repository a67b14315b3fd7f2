//! Subject, predicate and year of each fact, within its sentence, and the
//! links between facts (`equivalent_of`, `change_from`).
//!
//! - `predicate`: the nearest trigger word of `data/lexicon/predicates.tsv` in
//!   the fact's sentence (one before the figure wins ties); without one, a
//!   power (`GW`) is a capacity and anything else `other`.
//! - `subject`: the nearest company, organization or country mentioned before
//!   the figure in its sentence, else the nearest after it, else the subject
//!   of the previous fact (news keep talking about the same actor).
//! - `year`: the nearest year (1900–2100) written in the sentence, outside
//!   any figure: `66 % en 2024`.
//! - `equivalent_of`: a figure in parentheses right after another, or after
//!   `soit`/`or`, restates it (`S$1 milliard (environ 740 millions de dollars
//!   américains)`).
//! - `change_from`: `de X … à Y`, `from X … to Y` with the same kind and unit,
//!   in one sentence.

use crate::data::{self, Lexicon};
use crate::numbers::{lang_index, next_digit};
use crate::record::{Entity, EntityKind, Fact, FactKind, Lang, Predicate};
use crate::span::Span;
use crate::text::{fold_into, fold_str, is_word_char, Folded, PhraseMatcher};
use crate::Error;
use std::cell::{Cell, RefCell};

#[derive(Clone, Debug)]
pub(crate) struct Relater {
    /// Trigger words, French then English, with the predicate of each.
    triggers: [(PhraseMatcher, Vec<Predicate>); 2],
    /// Whether every trigger is made of words, spaces, apostrophes and
    /// hyphens only: then no trigger can run across a sentence end, and
    /// the sentences holding figures are all that need a scan.
    words_only: bool,
    words: RelationWords,
}

/// The folded words of `data/lexicon/relations.tsv`, by relation.
#[derive(Clone, Debug, Default)]
struct RelationWords {
    equivalent: Vec<String>,
    comparison: Vec<String>,
    previous_year: Vec<String>,
    change_from: Vec<String>,
    change_to: Vec<String>,
    month: Vec<String>,
    target: Vec<String>,
}

impl RelationWords {
    fn build() -> Result<RelationWords, Error> {
        let mut w = RelationWords::default();
        for row in Lexicon::parse_with_header(data::RELATIONS, Some("surface"))? {
            let list = match row.field(1)? {
                "equivalent" => &mut w.equivalent,
                "comparison" => &mut w.comparison,
                "previous_year" => &mut w.previous_year,
                "change_from" => &mut w.change_from,
                "change_to" => &mut w.change_to,
                "month" => &mut w.month,
                "target" => &mut w.target,
                other => return Err(row.error(format!("unknown relation {other:?}"))),
            };
            list.push(fold_str(row.field(0)?));
        }
        Ok(w)
    }
}

/// How far (bytes) a restatement or the end of a change may be from the
/// figure it refers to.
const LINK_GAP: usize = 100;

impl Relater {
    pub(crate) fn build() -> Result<Relater, Error> {
        let mut patterns: [Vec<String>; 2] = Default::default();
        let mut predicates: [Vec<Predicate>; 2] = Default::default();
        for row in Lexicon::parse_with_header(data::PREDICATES, Some("surface"))? {
            let key = fold_str(row.field(0)?);
            let p: Predicate = row.field(1)?.parse().map_err(|e: String| row.error(e))?;
            let lang = row.field(2)?.parse::<Lang>().map_err(|e| row.error(e))?;
            // The first row of a surface in a language wins.
            let l = lang_index(lang);
            if !patterns[l].contains(&key) {
                patterns[l].push(key);
                predicates[l].push(p);
            }
        }
        let words_only = patterns.iter().flatten().all(|p| {
            p.chars()
                .all(|c| is_word_char(c) || matches!(c, ' ' | '\'' | '-'))
        });
        let [fr, en] = patterns;
        let [fr_p, en_p] = predicates;
        Ok(Relater {
            words_only,
            triggers: [
                (PhraseMatcher::build(&fr, "predicate trigger")?, fr_p),
                (PhraseMatcher::build(&en, "predicate trigger")?, en_p),
            ],
            words: RelationWords::build()?,
        })
    }

    // Kept out of line: one call per document, and profiles then show the stage.
    #[inline(never)]
    pub(crate) fn relate(
        &self,
        text: &str,
        folded: &Folded,
        lang: Lang,
        sentences: &[Span],
        entities: &[Entity],
        facts: &mut [Fact],
    ) {
        crate::scratch::with(&SCRATCH, |scratch| {
            self.relate_with(scratch, text, folded, lang, sentences, entities, facts)
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn relate_with(
        &self,
        scratch: &mut Scratch,
        text: &str,
        folded: &Folded,
        lang: Lang,
        sentences: &[Span],
        entities: &[Entity],
        facts: &mut [Fact],
    ) {
        let mut last_subject: Option<&Entity> = None;
        // Triggers once per text: per-fact scans of the windows would re-read it.
        let all = &mut scratch.triggers;
        self.triggers(folded, lang, sentences, facts, all);
        // Digit runs of the sentences read, listed as the facts reach them.
        let runs = &mut scratch.runs;
        runs.clear();
        // The last actor before the current fact, advanced with the facts
        // (both are sorted) so that a document costs O(facts + entities).
        let mut actor_at = 0;
        let mut last_actor: Option<&Entity> = None;
        // Cursors of the binary searches below: facts are sorted, so the
        // answers move forward (`seek` falls back to a search if not).
        let (mut si_at, mut trigger_at, mut entity_at) = (0, 0, 0);
        for i in 0..facts.len() {
            let (start, end) = (facts[i].start, facts[i].end);
            // Sentences are sorted and cover the text.
            let si = seek(sentences, &mut si_at, |s| s.end <= start);
            let Some(whole) = sentences.get(si).copied().filter(|s| s.start <= start) else {
                continue;
            };
            // Only the words around a figure speak for it: a window bounds
            // the work on run-on "sentences" (tables, lists, hostile input).
            let sentence = window(text, whole, start, end);
            while let Some(e) = entities.get(actor_at).filter(|e| e.end <= start) {
                if is_actor(e) {
                    last_actor = Some(e);
                }
                actor_at += 1;
            }
            let from = seek(all, &mut trigger_at, |t| t.0 < sentence.start);
            let triggers = all.get(from..).unwrap_or_default();
            let triggers = &triggers[..triggers.partition_point(|t| t.0 < sentence.end)];
            // Predicate: nearest trigger that fits the kind of figure; one
            // before the figure wins ties.
            let kind = facts[i].kind;
            let nearest = triggers
                .iter()
                .filter(|t| fits(t.2, kind))
                .map(|&(ts, te, p)| {
                    (
                        if te <= start {
                            start - te
                        } else {
                            ts.saturating_sub(end) + 1
                        },
                        p,
                    )
                })
                .min_by_key(|&(d, _)| d);
            facts[i].predicate = Some(match nearest {
                Some((_, p)) => p,
                None if is_power(&facts[i]) => Predicate::Capacity,
                None => Predicate::Other,
            });
            let prev = si.checked_sub(1).and_then(|p| sentences.get(p));
            // The runs of this sentence and the one before, the two read.
            runs.cover(text, prev.map_or(whole.start, |p| p.start), whole.end);
            let prev_sentence = prev.map(|p| window(text, *p, p.end, p.end));
            let months = &self.words.month;
            facts[i].year =
                year_near(text, sentence, runs.list(), facts, i, months).or_else(|| {
                    prev_sentence.and_then(|p| year_near(text, p, runs.list(), facts, i, months))
                });
            let lo = seek(entities, &mut entity_at, |e| e.start < sentence.start);
            let in_window = entities.get(lo..).unwrap_or_default();
            let in_window = &in_window[..in_window.partition_point(|e| e.start < sentence.end)];
            let subject = subject_in(in_window, sentence, start, end)
                // `invest $100 billion in OpenAI`: what follows `in` receives
                // the figure; the actor is the one the text was about.
                .filter(|e| !(e.start >= end && self.is_target(text, end, e.start)))
                .or(last_subject)
                .or(last_actor);
            if let Some(e) = subject {
                facts[i].subject = Some(e.name.clone());
                facts[i].subject_id = Some(e.id.clone());
                last_subject = Some(e);
            }
        }
        self.link(text, sentences, facts);
    }

    /// True when the words between a figure and an entity after it end with
    /// a target preposition (`in`, `dans`, `into`).
    fn is_target(&self, text: &str, from: usize, to: usize) -> bool {
        let gap = text.get(from..to).unwrap_or("");
        // Each ASCII byte folds to one byte: more than 40 of them cannot
        // fold to 40 bytes or fewer, so a long gap is not folded at all.
        if gap.bytes().filter(u8::is_ascii).count() > 40 {
            return false;
        }
        let (mut buf, mut spill) = ([0; FOLD_BUF], String::new());
        let gap = fold_small(gap, &mut buf, &mut spill);
        gap.len() <= 40 && last_word(gap, &self.words.target)
    }

    /// Trigger words, as original offsets, in text order, into `out`: all
    /// of them in each sentence that holds a figure (the only ones read),
    /// or in the whole text when some trigger could run across a sentence end.
    fn triggers(
        &self,
        folded: &Folded,
        lang: Lang,
        sentences: &[Span],
        facts: &[Fact],
        out: &mut Vec<(usize, usize, Predicate)>,
    ) {
        let (matcher, predicates) = &self.triggers[lang_index(lang)];
        let tokens = folded.tokens();
        out.clear();
        let mut take = |p: usize, k: usize, e: usize| {
            let (start, end) = (tokens[k].ostart as usize, tokens[e - 1].oend as usize);
            out.push((start, end, predicates[p]));
            true
        };
        if !self.words_only {
            matcher.for_each_tokens_in(folded, take);
            return;
        }
        // No token runs across a sentence end (one follows white space or a
        // line break), so a sentence's tokens are those starting in it.
        let (mut done, mut si_at, mut token_at) = (0, 0, 0);
        for f in facts {
            let si = seek(sentences, &mut si_at, |s| s.end <= f.start);
            let Some(s) = sentences
                .get(si)
                .filter(|s| si >= done && s.start <= f.start)
            else {
                continue;
            };
            done = si + 1;
            let a = seek(tokens, &mut token_at, |t| (t.ostart as usize) < s.start);
            let b = a + tokens[a..].partition_point(|t| (t.ostart as usize) < s.end);
            // The next sentence read starts at or after this one's end.
            token_at = b;
            matcher.for_each_tokens_within(folded, a..b, &mut take);
        }
    }
}

/// `slice.partition_point(pred)` for searches whose answer moves forward
/// from one call to the next, from the last answer `at`: a gallop forward
/// when the predicate still holds just before it, else a plain search.
fn seek<T>(slice: &[T], at: &mut usize, pred: impl Fn(&T) -> bool) -> usize {
    let lo = (*at).min(slice.len());
    let found = if lo > 0 && !slice.get(lo - 1).is_some_and(&pred) {
        slice.partition_point(&pred)
    } else {
        // pred holds before `lo`; double the step until it fails.
        let (mut lo, mut step) = (lo, 1);
        while slice.get(lo + step - 1).is_some_and(&pred) {
            lo += step;
            step *= 2;
        }
        let hi = (lo + step - 1).min(slice.len());
        lo + slice.get(lo..hi).unwrap_or_default().partition_point(&pred)
    };
    *at = found;
    found
}

/// The digit runs of the text that can write a year (4 digits or more),
/// listed span by span as the facts need them: the sentences with figures
/// and the ones before them.
#[derive(Debug, Default)]
struct Runs {
    list: Vec<Run>,
    /// Every run starting in `from..scanned` is listed.
    from: usize,
    scanned: usize,
}

impl Runs {
    fn clear(&mut self) {
        self.list.clear();
        self.from = 0;
        self.scanned = 0;
    }

    fn list(&self) -> &[Run] {
        &self.list
    }

    /// Lists every run of `text` that overlaps `from..to`. Calls go
    /// forward through the text; one that goes back lists afresh.
    fn cover(&mut self, text: &str, from: usize, to: usize) {
        let b = text.as_bytes();
        let to = to.min(b.len());
        let mut i = if (self.from..=self.scanned).contains(&from) {
            self.scanned
        } else {
            if from < self.from {
                self.list.clear();
            }
            // A run that began before `from` is read from its start (the
            // runs listed end before it).
            let floor = self.list.last().map_or(0, |r| r.end);
            let mut i = from.min(b.len());
            while i > floor && b[i - 1].is_ascii_digit() {
                i -= 1;
            }
            self.from = i;
            i
        };
        while i < to {
            let Some(start) = next_digit(&b[..to], i) else {
                i = to;
                break;
            };
            i = start;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            // Fewer than 4 digits never write a year, whole or cut by a
            // window: `year_near` would pass over them.
            if i - start >= 4 {
                self.list.push(Run {
                    start,
                    end: i,
                    year: Cell::new(None),
                    dated: Cell::new(None),
                });
            }
        }
        self.scanned = i;
    }
}

/// Buffers reused from one document to the next on a thread.
#[derive(Default)]
struct Scratch {
    triggers: Vec<(usize, usize, Predicate)>,
    runs: Runs,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A run of ASCII digits of the text.
#[derive(Clone, Debug, PartialEq)]
struct Run {
    start: usize,
    end: usize,
    /// The year it writes as the whole text shows it (once asked): what
    /// [`year_near`] finds for it in any sentence that holds it with room on
    /// both sides, worked out once per document rather than once per fact
    /// and sentence.
    year: Cell<Option<Option<i32>>>,
    /// Whether a month dates it ([`dated`]), once asked.
    dated: Cell<Option<bool>>,
}

impl Run {
    /// [`Run::year`], worked out the first time.
    fn year(&self, text: &str, facts: &[Fact]) -> Option<i32> {
        self.year.get().unwrap_or_else(|| {
            let y = year_at(text, Span::new(0, text.len()), self.start, self.end, facts);
            self.year.set(Some(y));
            y
        })
    }
}

/// The runs of ASCII digits of `text`, in order.
#[cfg(test)]
fn digit_runs(text: &str) -> Vec<Run> {
    let mut runs = Runs::default();
    runs.cover(text, 0, text.len());
    runs.list
}

/// Watts without hours: a capacity.
fn is_power(f: &Fact) -> bool {
    f.kind == FactKind::Quantity && f.unit.as_deref().is_some_and(|u| u.ends_with('W'))
}

/// Which predicates a kind of figure can take: a growth or a market share
/// is a percentage, a capacity a quantity.
fn fits(p: Predicate, kind: FactKind) -> bool {
    match kind {
        FactKind::Percent | FactKind::Number => true,
        FactKind::Money => !matches!(
            p,
            Predicate::Capacity | Predicate::MarketShare | Predicate::Growth | Predicate::Workforce
        ),
        FactKind::Quantity => p == Predicate::Capacity,
    }
}

fn is_actor(e: &Entity) -> bool {
    matches!(
        e.kind,
        EntityKind::Company | EntityKind::Organization | EntityKind::Country
    )
}

/// The entity a figure belongs to, in its sentence: the nearest company or
/// organization before it, else the nearest country before it, else the
/// same after it.
fn subject_in(entities: &[Entity], sentence: Span, start: usize, end: usize) -> Option<&Entity> {
    let inside = |e: &&Entity| is_actor(e) && e.start >= sentence.start && e.end <= sentence.end;
    let firm = |e: &&Entity| e.kind != EntityKind::Country;
    let before = || {
        entities
            .iter()
            .filter(inside)
            .filter(move |e| e.end <= start)
    };
    let after = || {
        entities
            .iter()
            .filter(inside)
            .filter(move |e| e.start >= end)
    };
    before()
        .filter(firm)
        .max_by_key(|e| e.end)
        .or_else(|| before().max_by_key(|e| e.end))
        .or_else(|| after().filter(firm).min_by_key(|e| e.start))
        .or_else(|| after().min_by_key(|e| e.start))
}

/// Bytes on each side of a figure that can say who, what and when.
const WINDOW: usize = 400;

/// `sentence` cut to `WINDOW` bytes around `start..end`, on char boundaries.
fn window(text: &str, sentence: Span, start: usize, end: usize) -> Span {
    let mut lo = sentence.start.max(start.saturating_sub(WINDOW));
    let mut hi = sentence.end.min(end.saturating_add(WINDOW)).min(text.len());
    while lo > 0 && !text.is_char_boundary(lo) {
        lo -= 1;
    }
    while hi < text.len() && !text.is_char_boundary(hi) {
        hi += 1;
    }
    Span::new(lo.min(hi), hi)
}

/// The nearest year written in the sentence outside any figure. `runs` are
/// the digit runs of the whole text: cut to the sentence, they are its own.
fn year_near(
    text: &str,
    sentence: Span,
    runs: &[Run],
    facts: &[Fact],
    i: usize,
    months: &[String],
) -> Option<i32> {
    let (fs, fe) = (facts[i].start, facts[i].end);
    let mut best: Option<(usize, i32)> = None;
    let first = runs.partition_point(|r| r.end <= sentence.start);
    for run in &runs[first..] {
        if run.start >= sentence.end {
            break;
        }
        // A run with room on both sides reads as in the whole text.
        let inner = run.start > sentence.start && run.end < sentence.end;
        let (ys, ye, y) = if inner {
            let Some(y) = run.year(text, facts) else {
                continue;
            };
            (run.start, run.end, y)
        } else {
            let (ys, ye) = (run.start.max(sentence.start), run.end.min(sentence.end));
            let Some(y) = year_at(text, sentence, ys, ye, facts) else {
                continue;
            };
            (ys, ye, y)
        };
        // `66 % en 2024`, `54 % d'ici 2025`: a year just after the
        // figure is its own; otherwise the nearest one.
        let d = if ye <= fs {
            fs - ye + 1
        } else if ys.saturating_sub(fe) <= 12 {
            0
        } else {
            ys.saturating_sub(fe)
        };
        if best.is_some_and(|(bd, _)| d >= bd) {
            // A date only moves a year further away.
            continue;
        }
        // `le 15 janvier 2026` dates an event (a release, a call),
        // not the period a figure measures: any other year wins.
        let dated = if ys == run.start {
            run.dated.get().unwrap_or_else(|| {
                let d = dated(text, ys, months);
                run.dated.set(Some(d));
                d
            })
        } else {
            dated(text, ys, months)
        };
        let d = if dated { d + WINDOW * 4 } else { d };
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, y));
        }
    }
    best.map(|(_, y)| y)
}

/// The year (1900–2100) that `ys..ye` writes, as `sentence` alone shows it:
/// four digits, no word, `,` or `.` before them, no word or `%` after them
/// within the sentence, and not inside a figure.
fn year_at(text: &str, sentence: Span, ys: usize, ye: usize, facts: &[Fact]) -> Option<i32> {
    if ye - ys != 4 {
        return None;
    }
    let s = text.get(sentence.start..sentence.end)?;
    // Sentence-relative, as the sentence alone shows them.
    let (k, run) = (ys - sentence.start, 4);
    let bounded = !s[..k]
        .chars()
        .next_back()
        .is_some_and(|c| is_word_char(c) || c == ',' || c == '.')
        && !s[k + run..]
            .chars()
            .next()
            .is_some_and(|c| is_word_char(c) || c == '%');
    if !bounded {
        return None;
    }
    let next = facts.partition_point(|f| f.start < ye);
    let inside = next > 0 && facts[next - 1].end > ys;
    if inside {
        return None;
    }
    match s[k..k + 4].parse::<i32>() {
        Ok(y @ 1900..=2100) => Some(y),
        _ => None,
    }
}

/// Whether the word before the number at `ys` (past other digits, spaces
/// and commas) is a month: `le 15 janvier 2026`.
fn dated(text: &str, ys: usize, months: &[String]) -> bool {
    let before = text.get(ys.saturating_sub(16)..ys).unwrap_or("");
    if before.is_ascii() {
        return dated_ascii(before.as_bytes(), months);
    }
    dated_folded(before, months)
}

/// [`dated`] of the text `before` the number.
fn dated_folded(before: &str, months: &[String]) -> bool {
    let (mut buf, mut spill) = ([0; FOLD_BUF], String::new());
    fold_small(before, &mut buf, &mut spill)
        .trim_end()
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == ',')
        .rsplit(' ')
        .next()
        .is_some_and(|w| months.iter().any(|m| m == w))
}

/// [`dated`] on ASCII text, byte by byte: folding it is lowering its case,
/// and its white space is [`is_space`].
fn dated_ascii(before: &[u8], months: &[String]) -> bool {
    let mut end = before.len();
    while end > 0 && is_space(before[end - 1]) {
        end -= 1;
    }
    while end > 0 && matches!(before[end - 1], b'0'..=b'9' | b' ' | b',') {
        end -= 1;
    }
    let word = &before[..end];
    let word = match word.iter().rposition(|&c| c == b' ') {
        Some(k) => &word[k + 1..],
        None => word,
    };
    months
        .iter()
        .any(|m| m.as_bytes().eq_ignore_ascii_case(word))
}

impl Relater {
    /// Sets `equivalent_of` and `change_from`, and carries predicate, subject
    /// and year across comparisons.
    fn link(&self, text: &str, sentences: &[Span], facts: &mut [Fact]) {
        // Sentence starts at or before `pos`: equal for two offsets of one
        // sentence (the sentences are sorted and cover the text).
        let sentence_of = |pos: usize| sentences.partition_point(|s| s.start <= pos);
        let w = &self.words;
        for j in 1..facts.len() {
            // The fact before j, skipping j's own range partner.
            let Some(i) = (0..j).rev().find(|&i| facts[j].range_with != Some(i)) else {
                continue;
            };
            let (a, b) = (&facts[i], &facts[j]);
            if a.kind != b.kind || b.start < a.end || b.start - a.end > LINK_GAP {
                continue;
            }
            let raw = text.get(a.end..b.start).unwrap_or("");
            // The same measure in one sentence, which a comparison or a
            // change needs: `… de dollars. Microsoft signed a $10bn deal`
            // is neither.
            let comparable = a.unit == b.unit && sentence_of(a.start) == sentence_of(b.start);
            let changes_from = || {
                let (mut buf, mut spill) = ([0; FOLD_BUF], String::new());
                let before_a = text.get(a.start.saturating_sub(12)..a.start);
                let before_a = fold_small(before_a.unwrap_or(""), &mut buf, &mut spill);
                last_word(before_a, &w.change_from)
            };
            // Each ASCII byte but white space folds to one byte that trimming
            // keeps: past 30 of them no restatement, past 60 no comparison.
            // When only a change could link the two and none can, the gap is
            // not folded.
            let floor = if raw.len() <= 30 {
                // At most its length: the count cannot matter.
                raw.len()
            } else {
                raw.bytes()
                    .filter(|&c| c.is_ascii() && !is_space(c))
                    .count()
            };
            let could_change = comparable && a.range_with != Some(j);
            let mut from = None;
            if floor > 30 && !(comparable && floor <= 60) {
                if !could_change || !changes_from() {
                    continue;
                }
                from = Some(true);
            }
            let (mut buf, mut spill) = ([0; FOLD_BUF], String::new());
            let gap = fold_small(raw, &mut buf, &mut spill);
            let gap = gap.trim();
            if gap.len() <= 30 && (gap.starts_with('(') || first_word(gap, &w.equivalent)) {
                let target = match a.range_with {
                    Some(r) if r < i => r,
                    _ => i,
                };
                facts[j].equivalent_of = Some(target);
                if let Some(r) = facts[j].range_with.filter(|&r| r > j) {
                    facts[r].equivalent_of = Some(target);
                }
                continue;
            }
            // `74 % du chiffre d'affaires en 2025, contre 69 %`: a comparison
            // word ends the gap.
            if comparable && gap.len() <= 60 && last_word(gap, &w.comparison) {
                // `10 milliards d'euros, contre 5,8 milliards`: the same measure
                // at another time.
                facts[j].predicate = facts[i].predicate;
                facts[j].subject = facts[i].subject.clone();
                facts[j].subject_id = facts[i].subject_id.clone();
                let rest = text.get(facts[j].end..).unwrap_or("");
                let cut = rest.char_indices().nth(40).map_or(rest.len(), |(k, _)| k);
                let (mut buf, mut spill) = ([0; FOLD_BUF], String::new());
                let after = fold_small(&rest[..cut], &mut buf, &mut spill).trim_start();
                if let (Some(y), true) = (
                    facts[i].year,
                    w.previous_year
                        .iter()
                        .any(|p| after.starts_with(p.as_str())),
                ) {
                    facts[j].year = Some(y - 1);
                }
                continue;
            }
            let to = gap
                .split_whitespace()
                .rev()
                .take(3)
                .any(|x| w.change_to.iter().any(|t| t == x));
            if could_change && to && from.unwrap_or_else(changes_from) {
                facts[j].change_from = Some(i);
                // `de 66 % en 2024 à 8 %`: the first year belongs to the first
                // figure; the second keeps a year only if one follows it.
                if facts[j].year == facts[i].year {
                    facts[j].year = year_right_after(text, &facts[j]);
                }
            }
        }
    }
}

/// Room on the stack for the short spans folded per fact.
const FOLD_BUF: usize = 128;

/// [`fold_str`] of `s`, folded on the stack when it is short (ASCII as its
/// lower case, byte for byte, the rest through the fold table), else into
/// `spill`: no allocation per fact on the common path.
fn fold_small<'b>(s: &str, buf: &'b mut [u8; FOLD_BUF], spill: &'b mut String) -> &'b str {
    if s.is_ascii() && s.len() <= FOLD_BUF {
        let dst = &mut buf[..s.len()];
        dst.copy_from_slice(s.as_bytes());
        dst.make_ascii_lowercase();
        // ASCII is UTF-8.
        return std::str::from_utf8(dst).unwrap_or_default();
    }
    match fold_into(s, buf) {
        Some(folded) => folded,
        None => {
            *spill = fold_str(s);
            spill
        }
    }
}

/// White space as `char::is_whitespace` has it, for an ASCII byte.
fn is_space(c: u8) -> bool {
    c == b' ' || (b'\t'..=b'\r').contains(&c)
}

/// A year written just after a figure (`8 % en 2025`).
fn year_right_after(text: &str, f: &Fact) -> Option<i32> {
    let rest = text.get(f.end..)?;
    let cut = rest.char_indices().nth(16).map_or(rest.len(), |(k, _)| k);
    rest[..cut]
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 4)
        .and_then(|w| w.parse().ok())
        .filter(|y| (1900..=2100).contains(y))
}

fn first_word(s: &str, words: &[String]) -> bool {
    let w = s
        .trim_start_matches([',', ' '])
        .split_whitespace()
        .next()
        .unwrap_or("");
    words.iter().any(|x| x == w)
}

fn last_word(s: &str, words: &[String]) -> bool {
    let t = s.trim_end();
    words.iter().any(|w| {
        t.strip_suffix(w.as_str())
            .is_some_and(|h| !h.chars().next_back().is_some_and(is_word_char))
    }) || words.iter().any(|w| t.ends_with(w) && w.ends_with('\''))
}

#[cfg(test)]
mod tests {
    use crate::{Extractor, Predicate};
    use std::sync::LazyLock;

    static EX: LazyLock<Extractor> = LazyLock::new(|| Extractor::builder().build().unwrap());

    /// name, text, figure, expected (predicate, year, subject)
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a str,
        (Option<Predicate>, Option<i32>, Option<&'a str>),
    );

    /// The triggers of the sentences holding figures are those the whole
    /// text's scan finds in them.
    #[test]
    fn sentence_scans_find_the_whole_scans_triggers() {
        use crate::text::{Folded, SentenceSplitter};
        let relater = super::Relater::build().unwrap();
        assert!(relater.words_only);
        let splitter = SentenceSplitter::build().unwrap();
        let text = "Le chiffre d’affaires a atteint 3 milliards. Rien ici ne compte, \
            ni la part de marché. Les ventes ont progressé de 12 % et le bénéfice net \
            de 5 %.\nIl a investi 2 milliards d’euros.\nLa part de marché reste de 8 %";
        let folded = Folded::new(text);
        let sentences = splitter.split(text);
        let facts = EX.extract(text).facts;
        assert!(facts.len() >= 4);
        let (matcher, predicates) = &relater.triggers[0];
        let mut whole = Vec::new();
        matcher.for_each_in(&folded, |p, s, e| {
            whole.push((folded.to_orig(s), folded.to_orig(e), predicates[p]));
            true
        });
        let holds_figure = |at: usize| {
            let s = sentences
                .iter()
                .find(|s| s.start <= at && at < s.end)
                .unwrap();
            facts.iter().any(|f| s.start <= f.start && f.start < s.end)
        };
        whole.retain(|t| holds_figure(t.0));
        let mut got = vec![(0, 0, Predicate::Other)];
        relater.triggers(&folded, crate::Lang::Fr, &sentences, &facts, &mut got);
        assert!(got.len() >= 4, "{got:?}");
        assert_eq!(got, whole);
    }

    #[test]
    fn attributes() {
        use Predicate::*;
        let rows: &[Row] = &[
            ("fr market share with year", "La part de marché de Nvidia en Chine est tombée de 66 % en 2024 à 8 %.", "66 %", (Some(MarketShare), Some(2024), Some("NVIDIA"))),
            ("fr change keeps no borrowed year", "La part de marché de Nvidia en Chine est tombée de 66 % en 2024 à 8 %.", "8 %", (Some(MarketShare), None, Some("NVIDIA"))),
            ("en revenue", "Microsoft reported revenue of $65bn in 2025.", "$65bn", (Some(Revenue), Some(2025), Some("Microsoft"))),
            ("en investment", "Amazon will invest $10 billion in data centers.", "$10 billion", (Some(Investment), None, Some("Amazon"))),
            ("date is not the period", "Samsung a publié le 7 janvier 2026 un bénéfice de 5 milliards d’euros pour 2025.", "5 milliards d’euros", (Some(Profit), Some(2025), Some("Samsung Electronics"))),
            ("comparison after a long gap", "Les ventes ont représenté 74 % du chiffre d'affaires en 2025, contre 69 % l'année précédente.", "69 %", (None, Some(2024), None)),
            ("target after the figure is not the subject", "NVIDIA a fait état de ses résultats. Le groupe investira 5 milliards de dollars dans OpenAI.", "5 milliards de dollars", (Some(Investment), None, Some("NVIDIA"))),
            ("capacity without trigger", "Le site de Dunkerque atteindra 1,2 GW.", "1,2 GW", (Some(Capacity), None, None)),
        ];
        for (name, text, figure, (pred, year, subject)) in rows {
            let doc = EX.extract(*text);
            let f = doc.facts.iter().find(|f| f.text == *figure);
            let f =
                f.unwrap_or_else(|| panic!("row {name}: no fact {figure:?} in {:?}", doc.facts));
            if pred.is_some() {
                assert_eq!(f.predicate, *pred, "row {name}: predicate in {text:?}");
            }
            assert_eq!(f.year, *year, "row {name}: year in {text:?}");
            if subject.is_some() {
                assert_eq!(
                    f.subject.as_deref(),
                    *subject,
                    "row {name}: subject in {text:?}"
                );
            }
        }
    }

    /// A run read once for the whole text reads the same in every window
    /// that holds it with room on both sides.
    #[test]
    fn runs_read_as_in_any_window() {
        let text = "En 2024, 1999 et 2100 ; le 7 janvier 2026 (2025) 12,2023 x2024 2024% 20245 fin";
        let doc = EX.extract(text);
        let runs = super::digit_runs(text);
        let year = |r: &super::Run| r.year(text, &doc.facts);
        assert!(
            runs.iter().filter(|r| year(r).is_some()).count() >= 4,
            "{runs:?}"
        );
        // The runs left out (fewer than 4 digits) read as no year in any
        // window, whole or cut.
        let b = text.as_bytes();
        let short = (0..b.len()).filter(|&k| {
            b[k].is_ascii_digit() && (k == 0 || !b[k - 1].is_ascii_digit()) && {
                let n = b[k..].iter().take_while(|c| c.is_ascii_digit()).count();
                n < 4
            }
        });
        for k in short {
            let end = k + b[k..].iter().take_while(|c| c.is_ascii_digit()).count();
            assert!(!runs.iter().any(|r| r.start == k), "{k}");
            for lo in 0..=k {
                for hi in end..=text.len() {
                    let w = crate::span::Span::new(lo, hi);
                    for (ys, ye) in [(k, end), (k.max(lo), end.min(hi))] {
                        assert_eq!(super::year_at(text, w, ys, ye, &doc.facts), None);
                    }
                }
            }
        }
        for run in &runs {
            for lo in (0..run.start).filter(|&k| text.is_char_boundary(k)) {
                for hi in (run.end + 1..=text.len()).filter(|&k| text.is_char_boundary(k)) {
                    let window = crate::span::Span::new(lo, hi);
                    let got = super::year_at(text, window, run.start, run.end, &doc.facts);
                    assert_eq!(got, year(run), "{run:?} in {lo}..{hi}");
                }
            }
        }
    }

    /// Runs listed span by span, forward or not, are those of the whole
    /// text that overlap the spans asked for, in order, each once.
    #[test]
    fn runs_cover_the_spans_asked() {
        let text =
            "12 3456, 2024 et 7 janvier 2026 ; 99999 fin 1234 5678 9012 3 45 6789 2100 10000";
        let whole: Vec<(usize, usize)> = super::digit_runs(text)
            .iter()
            .map(|r| (r.start, r.end))
            .collect();
        assert!(whole.len() >= 10, "{whole:?}");
        let n = text.len();
        let calls: &[&[(usize, usize)]] = &[
            &[(0, n)],
            &[(1, 5), (3, 9), (9, 9), (20, 40), (41, 45), (44, n)],
            &[(4, 6), (30, 35), (2, 8), (0, 1)],
            &[(n, n), (0, 3)],
        ];
        for spans in calls {
            let mut runs = super::Runs::default();
            for &(from, to) in *spans {
                runs.cover(text, from, to);
                let listed: Vec<(usize, usize)> =
                    runs.list().iter().map(|r| (r.start, r.end)).collect();
                assert!(listed.windows(2).all(|w| w[0].1 < w[1].0), "{listed:?}");
                for r in whole.iter().filter(|r| r.0 < to && r.1 > from) {
                    assert!(listed.contains(r), "{r:?} for {from}..{to} in {spans:?}");
                }
            }
        }
    }

    /// Byte by byte on ASCII, a month is found as folding finds it.
    #[test]
    fn dated_ascii_is_dated_folded() {
        let months = super::Relater::build().unwrap().words.month;
        let rows = [
            "",
            " ",
            "le 15 janvier ",
            "Le 7 JANVIER ",
            "in March, ",
            "march 3, ",
            "mayday ",
            "en mai\n ",
            "en mai\n",
            "on 12 May,, 3 ",
            "dec. ",
            "x,june ",
            "\t\tjuly\t",
            "of 2025 and ",
            "  august",
            "september1 ",
            "12 12 12 ",
        ];
        let mut found = 0;
        for row in rows {
            let want = super::dated_folded(row, &months);
            assert_eq!(super::dated_ascii(row.as_bytes(), &months), want, "{row:?}");
            found += usize::from(want);
        }
        assert!(found >= 5, "{found}");
    }

    /// `seek` answers as `partition_point` whatever the order of the asks.
    #[test]
    fn seek_is_partition_point() {
        let v: Vec<usize> = (0..200).map(|i| i * 3 / 2).collect();
        let asks = [0, 0, 1, 5, 5, 40, 299, 300, 12, 13, 150, 2, 400, 0];
        let mut at = 0;
        for x in asks {
            let want = v.partition_point(|&y| y < x);
            assert_eq!(super::seek(&v, &mut at, |&y| y < x), want, "ask {x}");
            assert_eq!(at, want);
        }
        let empty: [usize; 0] = [];
        assert_eq!(super::seek(&empty, &mut at, |&y| y < 3), 0);
    }

    #[test]
    fn small_folds_equal_fold_str() {
        let long = "Word ".repeat(40);
        for s in [
            "",
            "De 66 ",
            " (About ",
            "passer de\u{a0}",
            "l’année",
            "Œuvre d’ÉTAT, straße",
            long.as_str(),
        ] {
            let (mut buf, mut spill) = ([0; super::FOLD_BUF], String::new());
            assert_eq!(
                super::fold_small(s, &mut buf, &mut spill),
                crate::text::fold_str(s),
                "{s:?}"
            );
        }
    }

    #[test]
    fn links() {
        let text =
            "Singapour investira S$1 milliard (environ 740 millions de dollars américains), \
                    et la part passera de 10 % à 15 %.";
        let doc = EX.extract(text);
        let idx = |t: &str| doc.facts.iter().position(|f| f.text == t).unwrap();
        let (sgd, usd, ten, fifteen) = (
            idx("S$1 milliard"),
            idx("740 millions de dollars américains"),
            idx("10 %"),
            idx("15 %"),
        );
        assert_eq!(doc.facts[usd].equivalent_of, Some(sgd));
        assert_eq!(doc.facts[fifteen].change_from, Some(ten));
        assert_eq!(doc.facts[ten].change_from, None);
        let doc = EX.extract("Revenue rose to $5bn, compared with $4bn a year earlier, in 2025.");
        let later = doc.facts.iter().find(|f| f.text == "$4bn").unwrap();
        assert_eq!(later.predicate, doc.facts[0].predicate);
    }

    #[test]
    fn a_change_stays_in_its_sentence() {
        // `de 2 % … à 45 %` across a sentence end is no change.
        let text = "Les exportations ont chuté de 2 % en 2023, selon les douanes. \
                    L'inflation a ralenti à 45 % en mars.";
        let doc = EX.extract(text);
        assert_eq!(doc.facts.len(), 2);
        assert_eq!(doc.facts[1].change_from, None);
        // Nor across a line break.
        let doc = EX.extract("Les ventes passent de 2 %\nà 45 % en mars.");
        assert_eq!(doc.facts[1].change_from, None);
        // An abbreviation ends no sentence.
        let doc = EX.extract("Exports to the U.S. rose from 2% in the U.S. to 45% in 2025.");
        assert_eq!(doc.facts[1].change_from, Some(0));
        // In one sentence it is.
        let doc = EX.extract("Les exportations passent de 2 % en 2023 à 45 % en 2025.");
        assert_eq!(doc.facts[1].change_from, Some(0));
    }
}
