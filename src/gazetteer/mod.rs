//! Gazetteers: entries from `data/gazetteer/` and user files compiled into one
//! automaton (a [`PhraseMatcher`] token trie) over the folded text, linked to
//! canonical entities.
//!
//! A surface may belong to several entities (`Jordan` the country, the bare
//! surname of a person). Each folded surface keeps its candidates in priority
//! order (user files first, then the default files in the order of
//! `data::GAZETTEERS`); at a match the first candidate whose flags accept the
//! mention wins, except that a surname or short form seen after a full mention
//! of its entity (coreference) beats the others.

mod context;
mod entry;
mod index;
mod link;
mod lists;
mod load;

pub use entry::{default_id, parse_tsv, Entry, Flags};
use index::{key_hash, HashIndex};
use lists::Lists;
use load::{each_prepared, Prepared};

use crate::data::{self, Lexicon, Source};
use crate::record::{Entity, EntityKind};
use crate::text::{fold_str, Folded, PhraseMatcher};
use crate::Error;
use context::Around;

#[derive(Clone, Debug)]
struct Concept {
    /// The canonical name, then the id, in one allocation: a mention copies
    /// both from one place (one cache miss fewer per mention).
    name_id: Box<str>,
    name_len: usize,
    kind: EntityKind,
}

impl Concept {
    fn new(name: &str, id: &str, kind: EntityKind) -> Concept {
        let mut name_id = String::with_capacity(name.len() + id.len());
        name_id.push_str(name);
        name_id.push_str(id);
        Concept {
            name_id: name_id.into_boxed_str(),
            name_len: name.len(),
            kind,
        }
    }

    fn name(&self) -> &str {
        &self.name_id[..self.name_len]
    }

    fn id(&self) -> &str {
        &self.name_id[self.name_len..]
    }
}

/// A candidate of a surface while the gazetteer is built.
#[derive(Clone, Debug)]
struct Candidate {
    concept: u32,
    flags: Flags,
    /// The surface as written in the data, for `case` checks (empty otherwise).
    written: Box<str>,
    /// Context rules of this surface and entity (`data/lexicon/context.tsv`).
    rules: Box<[context::Rule]>,
}

/// A candidate as the search reads it: 12 bytes, where the two boxes, empty
/// for nearly every candidate, made it 40 (a 100k gazetteer's candidates
/// then took 6 MB, read at random).
#[derive(Clone, Copy, Debug)]
struct Variant {
    concept: u32,
    flags: Flags,
    /// 1 + the index in [`Gazetteer::extras`] of the written form and rules
    /// of a candidate that has either, else 0.
    extra: u32,
}

/// The compiled gazetteer.
#[derive(Clone, Debug)]
pub(crate) struct Gazetteer {
    concepts: Vec<Concept>,
    /// Candidates of every pattern, in priority order, one pattern after
    /// another: those of pattern `p` start at `starts[p]` and end at
    /// `starts[p + 1]` (one allocation, where a box per pattern made one
    /// more pointer to follow per match).
    variants: Vec<Variant>,
    starts: Vec<u32>,
    /// The written surfaces and context rules of the few candidates with one.
    extras: Vec<(Box<str>, Box<[context::Rule]>)>,
    /// Bit `p`: every candidate of pattern `p` needs a capital (`cap`).
    all_cap: Vec<u64>,
    matcher: PhraseMatcher,
}

/// Collects entries file by file, then compiles them.
#[derive(Default)]
pub(crate) struct GazetteerBuilder {
    concepts: Vec<Concept>,
    /// Concepts by id (the concept's own).
    by_id: HashIndex,
    /// Where each concept was first defined (file index, line), for errors.
    defined_at: Vec<(u32, usize)>,
    files: Vec<String>,
    /// The folded surface of each list of `lists`.
    keys: Vec<String>,
    /// Lists by folded surface (`keys`).
    surfaces: HashIndex,
    lists: Lists<Candidate>,
}

impl GazetteerBuilder {
    /// Adds the entries of one file. `user` files take priority over the
    /// defaults, and a user entry with a default entity's id overrides its
    /// name and kind.
    pub(crate) fn add(&mut self, src: Source<'_>, user: bool) -> Result<(), Error> {
        let first_new = self.concepts.len() as u32;
        let file = self.files.len() as u32;
        self.files.push(src.path.to_string());
        // Room for a row per line, so that no table is copied as it grows
        // (a 100k-entry file doubled each many times over).
        let rows = load::count_lines(src.text.as_bytes()) + 1;
        self.concepts.reserve(rows);
        self.defined_at.reserve(rows);
        self.by_id.reserve(rows);
        self.keys.reserve(rows);
        self.surfaces.reserve(rows);
        self.lists.reserve(rows, rows);
        each_prepared(src, |p| self.add_entry(src.path, file, first_new, p, user))
    }

    /// The concept of id `id` (of [`key_hash`] `h`), or where to add it.
    fn concept(&self, id: &str, h: u64) -> Result<u32, index::Vacant> {
        self.by_id.find(h, |c| self.concepts[c as usize].id() == id)
    }

    /// The list of folded surface `key` (of [`key_hash`] `h`), or where to add it.
    fn surface(&self, key: &str, h: u64) -> Result<u32, index::Vacant> {
        self.surfaces.find(h, |l| self.keys[l as usize] == key)
    }

    /// Adds one entry of file number `file`, whose first new concept is `first_new`.
    fn add_entry(
        &mut self,
        path: &str,
        file: u32,
        first_new: u32,
        p: Prepared<'_>,
        user: bool,
    ) -> Result<(), Error> {
        let e = &p.e;
        if p.key.trim().is_empty() {
            return Err(Error::data(path, e.line, "surface is empty once folded"));
        }
        if e.flags.off {
            if let Ok(l) = self.surface(&p.key, p.key_hash) {
                self.lists.clear(l);
            }
            return Ok(());
        }
        let concept = match self.concept(&e.id, p.id_hash) {
            Ok(c) => {
                let known = &mut self.concepts[c as usize];
                if c >= first_new || !user {
                    // Same file set: one id is one entity.
                    if known.kind != e.kind {
                        let (f, l) = self.defined_at[c as usize];
                        let p = &self.files[f as usize];
                        return Err(Error::data(
                            path,
                            e.line,
                            format!(
                                "id {:?} is a {} here but a {} at {p}:{l}",
                                e.id, e.kind, known.kind
                            ),
                        ));
                    }
                } else {
                    *known = Concept::new(e.name, known.id(), e.kind);
                }
                c
            }
            Err(at) => {
                let c = self.concepts.len() as u32;
                self.concepts.push(Concept::new(e.name, &e.id, e.kind));
                self.defined_at.push((file, e.line));
                self.by_id.insert(at, p.id_hash, c);
                c
            }
        };
        let mut flags = e.flags;
        // A name written with a capital in the data is a name in the text
        // only when it starts with a capital there too: `Seúl` is not `seul`.
        flags.cap |= p.capital;
        let v = Candidate {
            concept,
            flags,
            // Only `case` entries compare with the text as written.
            written: if flags.case {
                e.surface.into()
            } else {
                Box::default()
            },
            rules: Box::default(),
        };
        self.push_variant(p.key, p.key_hash, v, user);
        Ok(())
    }

    /// Adds `v` to the candidates of folded surface `key` (of [`key_hash`]
    /// `h`), first or last, unless it is there already.
    fn push_variant(&mut self, key: String, h: u64, v: Candidate, front: bool) {
        let l = match self.surface(&key, h) {
            Ok(l) => l,
            Err(at) => {
                let l = self.lists.new_list();
                self.keys.push(key);
                self.surfaces.insert(at, h, l);
                l
            }
        };
        if self
            .lists
            .iter(l)
            .any(|x| x.concept == v.concept && x.flags == v.flags)
        {
            return;
        }
        self.lists.push(l, v, front);
    }

    /// Adds the short forms that only count after a full mention: a person's
    /// surname (`Huang`, `von der Leyen`), a company's first word when it is
    /// not a surface of its own (`Mistral` for `Mistral AI`).
    fn add_coreference_forms(&mut self) -> Result<(), Error> {
        // `The New York Times` must not make `The` a short form.
        let mut function_words = rustc_hash::FxHashSet::default();
        for src in [data::STOPWORDS_FR, data::STOPWORDS_EN] {
            for row in Lexicon::parse(src)? {
                function_words.insert(row.field(0)?);
            }
        }
        // Folded forms; the name's words are walked, not collected (a
        // `Vec` per entity was a third of this).
        let mut forms = Vec::new();
        for (i, c) in self.concepts.iter().enumerate() {
            let mut words = c.name().split_whitespace();
            let (Some(first), Some(second)) = (words.next(), words.next()) else {
                continue;
            };
            match c.kind {
                EntityKind::Person => match words.next_back() {
                    None => forms.push((i, fold_str(second))),
                    Some(last) => {
                        forms.push((i, fold_str(last)));
                        // All words but the first (`von der Leyen`).
                        let mut tail = String::from(second);
                        for w in words.chain([last]) {
                            tail.push(' ');
                            tail.push_str(w);
                        }
                        forms.push((i, fold_str(&tail)));
                    }
                },
                EntityKind::Company | EntityKind::Organization => {
                    let first = first.trim_end_matches(',');
                    let key = fold_str(first);
                    if first.chars().count() >= 3
                        && !function_words.contains(key.as_str())
                        && self.surface(&key, key_hash(&key)).is_err()
                    {
                        forms.push((i, key));
                    }
                }
                _ => {}
            }
        }
        for (i, key) in forms {
            if key.chars().count() < 2 || !key.chars().any(char::is_alphabetic) {
                continue;
            }
            let flags = Flags {
                cap: true,
                coref: true,
                ..Flags::default()
            };
            let v = Candidate {
                concept: i as u32,
                flags,
                written: Box::default(),
                rules: Box::default(),
            };
            // Coreference forms are consulted first anyway; keep data order.
            let h = key_hash(&key);
            self.push_variant(key, h, v, false);
        }
        Ok(())
    }

    /// Attaches the context rules of `src` to the variants they name; a rule
    /// whose surface or entity is absent (disabled by a user file) is unused.
    fn add_context(&mut self, src: Source<'_>) -> Result<usize, Error> {
        let mut used = 0;
        for (surface, id, rule) in context::parse(src)? {
            let (Ok(l), Ok(c)) = (
                self.surface(&surface, key_hash(&surface)),
                self.concept(&id, key_hash(&id)),
            ) else {
                continue;
            };
            self.lists.for_each_mut(l, |v| {
                if v.concept == c {
                    let mut rules = std::mem::take(&mut v.rules).into_vec();
                    rules.push(rule.clone());
                    v.rules = rules.into_boxed_slice();
                    used += 1;
                }
            });
        }
        Ok(used)
    }

    pub(crate) fn build(mut self) -> Result<Gazetteer, Error> {
        self.add_context(data::CONTEXT)?;
        self.add_coreference_forms()?;
        let lists = &self.lists;
        let patterns = self
            .keys
            .iter()
            .enumerate()
            .filter(|&(l, _)| !lists.is_empty(l as u32))
            .map(|(_, key)| key.as_str())
            // Collected: the matcher sizes its table from the count.
            .collect::<Vec<_>>();
        let matcher = PhraseMatcher::build_strs(patterns, "gazetteer")?;
        let (candidates, starts) = self.lists.into_flat(|_| true);
        let mut extras = Vec::new();
        let variants: Vec<Variant> = candidates
            .into_iter()
            .map(|c| {
                let mut extra = 0;
                if !c.written.is_empty() || !c.rules.is_empty() {
                    extras.push((c.written, c.rules));
                    extra = extras.len() as u32;
                }
                Variant {
                    concept: c.concept,
                    flags: c.flags,
                    extra,
                }
            })
            .collect();
        let count = starts.len() - 1;
        let mut all_cap = vec![0u64; count.div_ceil(64)];
        for (p, w) in starts.windows(2).enumerate() {
            if variants[w[0] as usize..w[1] as usize]
                .iter()
                .all(|v| v.flags.cap)
            {
                all_cap[p / 64] |= 1 << (p % 64);
            }
        }
        Ok(Gazetteer {
            concepts: self.concepts,
            variants,
            starts,
            extras,
            all_cap,
            matcher,
        })
    }
}

impl Gazetteer {
    /// Number of distinct entities.
    pub(crate) fn entity_count(&self) -> usize {
        self.concepts.len()
    }

    /// Number of distinct folded surfaces in the phrase matcher.
    pub(crate) fn surface_count(&self) -> usize {
        self.matcher.len()
    }

    /// Appends the entity mentions of `text` (folded as `folded`) to `out`.
    // Kept out of line: one call per document, and profiles then show the stage.
    #[inline(never)]
    pub(crate) fn find(&self, text: &str, folded: &Folded, out: &mut Vec<Entity>) {
        let first = out.len();
        let mut seen: Vec<u32> = Vec::new();
        // Short forms met before any full mention of their entity: decided
        // once the whole document is read (index in `out`, pattern, tokens).
        let mut pending: Vec<(usize, usize, usize, usize)> = Vec::new();
        let fs = folded.as_str();
        let tokens = folded.tokens();
        // Tokens carry both texts' offsets: no search of the offset map.
        let around = |k: usize, e: usize| Around {
            text,
            folded: fs,
            start: tokens[k].start as usize,
            end: tokens[e - 1].end as usize,
            orig_start: tokens[k].ostart as usize,
            orig_end: tokens[e - 1].oend as usize,
        };
        self.matcher.for_each_tokens_in(folded, |pat, k, e| {
            // Most rejected mentions are lower-case words whose every
            // candidate needs a capital (`nice`, `orange`): rejected here, as
            // `accepts` would, without reading the candidates (out of cache
            // for a large gazetteer).
            if self.all_cap[pat / 64] >> (pat % 64) & 1 == 1
                && text[tokens[k].ostart as usize..]
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
            {
                return false;
            }
            let at = around(k, e);
            let variants = self.candidates(pat);
            let v = match self.choose(variants, &at, &seen) {
                Some(v) => {
                    if !seen.contains(&v.concept) {
                        seen.push(v.concept);
                    }
                    v
                }
                None => match variants
                    .iter()
                    .find(|v| v.flags.coref && self.accepts(v, &at))
                {
                    Some(v) => {
                        pending.push((out.len(), pat, k, e));
                        v
                    }
                    None => return false,
                },
            };
            out.push(self.entity(v.concept, at.orig_start, &text[at.orig_start..at.orig_end]));
            true
        });
        if !pending.is_empty() {
            let mut drop = Vec::new();
            for (i, pat, k, e) in pending {
                let at = around(k, e);
                let found = self
                    .candidates(pat)
                    .iter()
                    .find(|v| v.flags.coref && seen.contains(&v.concept) && self.accepts(v, &at));
                match found {
                    Some(v) => out[i] = self.entity(v.concept, out[i].start, &out[i].text),
                    None => drop.push(i),
                }
            }
            let mut k = first;
            out.retain(|_| {
                k += 1;
                !drop.contains(&(k - 1))
            });
        }
        link::link_acronyms(text, out);
    }

    /// The candidates of pattern `pat`, in priority order.
    #[inline]
    fn candidates(&self, pat: usize) -> &[Variant] {
        &self.variants[self.starts[pat] as usize..self.starts[pat + 1] as usize]
    }

    fn entity(&self, concept: u32, start: usize, written: &str) -> Entity {
        let c = &self.concepts[concept as usize];
        // `str::to_owned`, not `Box<str>::to_string`: the latter goes through
        // `Display` and the formatter (a third of the stage's instructions).
        Entity {
            start,
            end: start + written.len(),
            text: written.to_owned(),
            kind: c.kind,
            name: c.name().to_owned(),
            id: c.id().to_owned(),
        }
    }

    /// Whether a variant's flags and context rules accept the mention.
    fn accepts(&self, v: &Variant, at: &Around<'_>) -> bool {
        let written = &at.text[at.orig_start..at.orig_end];
        let (surface, rules) = match v.extra {
            0 => ("", &[][..]),
            i => {
                let (s, r) = &self.extras[i as usize - 1];
                (&**s, &**r)
            }
        };
        (!v.flags.cap || written.chars().next().is_some_and(|c| !c.is_lowercase()))
            && (!v.flags.case || same_as_written(written, surface))
            && rules.iter().all(|r| r.allows(at))
    }

    /// The variant a mention stands for: a short form whose entity was
    /// already mentioned in full, else the first full form whose flags accept
    /// the mention as written.
    fn choose<'v>(
        &self,
        variants: &'v [Variant],
        at: &Around<'_>,
        seen: &[u32],
    ) -> Option<&'v Variant> {
        variants
            .iter()
            .find(|v| v.flags.coref && seen.contains(&v.concept) && self.accepts(v, at))
            .or_else(|| {
                variants
                    .iter()
                    .find(|v| !v.flags.coref && self.accepts(v, at))
            })
    }
}

/// True when `text` is `surface` as written: same letters and letter case;
/// apostrophe, space and accent variants are still allowed.
fn same_as_written(text: &str, surface: &str) -> bool {
    let mut a = text.chars();
    let mut b = surface.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => continue,
            (Some(x), Some(y)) => {
                let mut bx = [0; 4];
                let mut by = [0; 4];
                if x.is_uppercase() != y.is_uppercase()
                    || fold_str(x.encode_utf8(&mut bx)) != fold_str(y.encode_utf8(&mut by))
                {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "surface\tkind\tname\tid\tflags\n\
        Chine\tcountry\tChina\tcountry:cn\n\
        China\tcountry\tChina\tcountry:cn\n\
        Jordan\tcountry\tJordan\tcountry:jo\tcap\n\
        Seúl\tlocation\tSeoul\n\
        gouvernement américain\torganization\tUS government\n\
        US\tcountry\tUnited States\tcountry:us\tcase\n\
        Apple\tcompany\tApple\t\tcase\n\
        Jensen Huang\tperson\tJensen Huang\n\
        Michael Jordan\tperson\tMichael Jordan\n\
        Mistral AI\tcompany\tMistral AI\n";

    fn find(text: &str) -> Vec<(String, String)> {
        let mut b = GazetteerBuilder::default();
        b.add(
            Source {
                path: "t.tsv",
                text: TSV,
            },
            false,
        )
        .unwrap();
        let g = b.build().unwrap();
        let mut out = Vec::new();
        g.find(text, &Folded::new(text), &mut out);
        out.into_iter().map(|e| (e.text, e.name)).collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    /// name, text, expected (mention, canonical name) pairs
    type Row<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

    #[test]
    fn table() {
        let rows: &[Row] = &[
            ("fr name", "La Chine exporte.", &[("Chine", "China")]),
            (
                "case entry",
                "US chips, us and Us",
                &[("US", "United States")],
            ),
            (
                "case common word",
                "an apple a day, Apple said",
                &[("Apple", "Apple")],
            ),
            ("cap entry", "jordan and Jordan", &[("Jordan", "Jordan")]),
            (
                "capital in the data",
                "une seul ville, Séoul, SEUL",
                &[("SEUL", "Seoul")],
            ),
            (
                "lower case in the data",
                "Le Gouvernement américain",
                &[("Gouvernement américain", "US government")],
            ),
            (
                "surname anywhere in the document",
                "Huang spoke. Jensen Huang, then Huang again.",
                &[
                    ("Huang", "Jensen Huang"),
                    ("Jensen Huang", "Jensen Huang"),
                    ("Huang", "Jensen Huang"),
                ],
            ),
            (
                "coreference beats another entity",
                "Jordan is a country. Michael Jordan scored; Jordan smiled.",
                &[
                    ("Jordan", "Jordan"),
                    ("Michael Jordan", "Michael Jordan"),
                    ("Jordan", "Michael Jordan"),
                ],
            ),
            (
                "company short form",
                "Mistral AI grows; Mistral hires.",
                &[("Mistral AI", "Mistral AI"), ("Mistral", "Mistral AI")],
            ),
            (
                "short form needs full mention",
                "le mistral souffle, Mistral aussi",
                &[],
            ),
        ];
        for (name, text, want) in rows {
            assert_eq!(find(text), pairs(want), "row {name}: {text:?}");
        }
    }

    #[test]
    fn every_default_context_rule_names_a_default_entry() {
        let mut b = GazetteerBuilder::default();
        for src in data::GAZETTEERS {
            b.add(*src, false).unwrap();
        }
        for (surface, id, _) in context::parse(data::CONTEXT).unwrap() {
            let c = b
                .concept(&id, key_hash(&id))
                .unwrap_or_else(|_| panic!("context rule for unknown id {id}"));
            let l = b
                .surface(&surface, key_hash(&surface))
                .unwrap_or_else(|_| panic!("context rule for unknown surface {surface}"));
            assert!(
                b.lists.iter(l).any(|v| v.concept == c),
                "{surface} is not a surface of {id}"
            );
        }
    }

    #[test]
    fn one_id_two_kinds_is_an_error() {
        let mut b = GazetteerBuilder::default();
        let text = "X\tcompany\tX\tid:x\nY\tperson\tY\tid:x\n";
        let e = b
            .add(
                Source {
                    path: "u.tsv",
                    text,
                },
                true,
            )
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "u.tsv:2: id \"id:x\" is a person here but a company at u.tsv:1"
        );
    }

    #[test]
    fn user_entries_override_and_disable() {
        let mut b = GazetteerBuilder::default();
        b.add(
            Source {
                path: "d.tsv",
                text: TSV,
            },
            false,
        )
        .unwrap();
        let user = "Chine\tcountry\tPeople's Republic of China\tcountry:cn\nApple\tcompany\tApple\t\toff\n";
        b.add(
            Source {
                path: "u.tsv",
                text: user,
            },
            true,
        )
        .unwrap();
        let g = b.build().unwrap();
        let text = "Chine et Apple";
        let mut out = Vec::new();
        g.find(text, &Folded::new(text), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].name, "People's Republic of China");
    }

    #[test]
    fn only_case_and_context_candidates_have_extras() {
        assert_eq!(std::mem::size_of::<Variant>(), 12);
        let mut b = GazetteerBuilder::default();
        let src = Source {
            path: "t.tsv",
            text: TSV,
        };
        b.add(src, false).unwrap();
        let g = b.build().unwrap();
        // `US` and `Apple` are `case` entries; one other has context rules
        // (`data/lexicon/context.tsv`).
        let written: Vec<&str> = g.extras.iter().map(|(w, _)| &**w).collect();
        assert_eq!(written, ["", "US", "Apple"]);
        assert!(!g.extras[0].1.is_empty());
        assert_eq!(g.variants.iter().filter(|v| v.extra != 0).count(), 3);
    }

    #[test]
    fn as_written_allows_apostrophe_variants_only() {
        assert!(same_as_written("Côte d’Ivoire", "Côte d'Ivoire"));
        assert!(!same_as_written("APPLE", "Apple"));
        assert!(!same_as_written("Appl", "Apple"));
    }
}
