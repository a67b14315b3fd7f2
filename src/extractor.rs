//! The builder that compiles everything once, and the immutable extractor
//! that runs the stages on each document.

use crate::data::{self, Source};
use crate::gazetteer::{Gazetteer, GazetteerBuilder};
use crate::numbers::NumberFinder;
use crate::record::{Document, Lang};
use crate::relate::Relater;
use crate::text::{Folded, LangDetector, SentenceSplitter};
use crate::topics::TopicScorer;
use crate::Error;
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::Arc;

/// Per-call options: the text and, optionally, an id and a language.
///
/// `&str` converts into an `Input` with no id and the language detected.
///
/// ```
/// use newsfacts::{Extractor, Input, Lang};
/// let ex = Extractor::builder().build()?;
/// let doc = ex.extract(Input::new("La Chine et l’Inde.").id("a-1").lang(Lang::Fr));
/// assert_eq!(doc.id.as_deref(), Some("a-1"));
/// # Ok::<(), newsfacts::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    text: &'a str,
    id: Option<&'a str>,
    lang: Option<Lang>,
}

impl<'a> Input<'a> {
    /// An input with no id and the language detected from the text.
    pub fn new(text: &'a str) -> Input<'a> {
        Input {
            text,
            id: None,
            lang: None,
        }
    }

    /// Sets the document id copied to [`Document::id`].
    pub fn id(mut self, id: &'a str) -> Input<'a> {
        self.id = Some(id);
        self
    }

    /// Reads the text as `lang` instead of detecting its language.
    pub fn lang(mut self, lang: Lang) -> Input<'a> {
        self.lang = Some(lang);
        self
    }

    /// Like [`lang`](Self::lang), but `None` keeps detection.
    pub fn lang_opt(mut self, lang: Option<Lang>) -> Input<'a> {
        self.lang = lang;
        self
    }
}

impl<'a> From<&'a str> for Input<'a> {
    fn from(text: &'a str) -> Input<'a> {
        Input::new(text)
    }
}

/// Configures and builds an [`Extractor`].
///
/// Defaults: the embedded gazetteers and lexicons of `data/`, no user
/// gazetteer, language detected per document.
#[derive(Clone, Debug, Default)]
pub struct ExtractorBuilder {
    no_default_gazetteers: bool,
    gazetteer_files: Vec<PathBuf>,
    gazetteer_texts: Vec<(String, String)>,
    taxonomy_files: Vec<PathBuf>,
    no_default_taxonomy: bool,
}

impl ExtractorBuilder {
    /// A builder with the defaults.
    pub fn new() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// Whether to load the embedded gazetteers (default: yes).
    pub fn default_gazetteers(&mut self, yes: bool) -> &mut ExtractorBuilder {
        self.no_default_gazetteers = !yes;
        self
    }

    /// Adds a user gazetteer file (TSV, see `data/README.md`), read at
    /// [`build`](Self::build). Its entries take priority over the defaults.
    /// A file of 64 KiB or more is parsed with the help of one short-lived
    /// scoped thread; the result is the same as a serial read.
    pub fn gazetteer_file(&mut self, path: impl Into<PathBuf>) -> &mut ExtractorBuilder {
        self.gazetteer_files.push(path.into());
        self
    }

    /// Adds a user gazetteer given as TSV text; `name` appears in errors.
    pub fn gazetteer_tsv(&mut self, name: &str, tsv: &str) -> &mut ExtractorBuilder {
        self.gazetteer_texts
            .push((name.to_string(), tsv.to_string()));
        self
    }

    /// Adds a user taxonomy file (TSV: topic id, label, language, keyword,
    /// weight), read at [`build`](Self::build), extending the default one.
    pub fn taxonomy_file(&mut self, path: impl Into<PathBuf>) -> &mut ExtractorBuilder {
        self.taxonomy_files.push(path.into());
        self
    }

    /// Whether to keep the embedded default taxonomy (default: yes). Without
    /// it, only the user taxonomies score topics.
    pub fn default_taxonomy(&mut self, yes: bool) -> &mut ExtractorBuilder {
        self.no_default_taxonomy = !yes;
        self
    }

    /// Reads and compiles everything. This is the only fallible step.
    pub fn build(&self) -> Result<Extractor, Error> {
        let mut gaz = GazetteerBuilder::default();
        if !self.no_default_gazetteers {
            for src in data::GAZETTEERS {
                gaz.add(*src, false)?;
            }
        }
        for path in &self.gazetteer_files {
            let text = read_utf8(path)?;
            gaz.add(
                Source {
                    path: &path.display().to_string(),
                    text: &text,
                },
                true,
            )?;
        }
        for (name, text) in &self.gazetteer_texts {
            gaz.add(Source { path: name, text }, true)?;
        }
        let mut taxonomies = Vec::new();
        for path in &self.taxonomy_files {
            taxonomies.push((path.display().to_string(), read_utf8(path)?));
        }
        let default_taxonomy = !self.no_default_taxonomy;
        let others = || -> Result<_, Error> {
            Ok((
                LangDetector::build()?,
                SentenceSplitter::build()?,
                NumberFinder::build()?,
                Relater::build()?,
                TopicScorer::build(default_taxonomy, &taxonomies)?,
            ))
        };
        // Compiling the gazetteer is the longest step and runs on one
        // thread: the other stages compile beside it (serially if no thread
        // can start). Its error still comes first, as in a serial build.
        let (gazetteer, others) =
            std::thread::scope(
                |s| match std::thread::Builder::new().spawn_scoped(s, others) {
                    Ok(handle) => {
                        let gazetteer = gaz.build();
                        let others = handle
                            .join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                        (gazetteer, others)
                    }
                    Err(_) => (gaz.build(), others()),
                },
            );
        let gazetteer = gazetteer?;
        let (lang, sentences, numbers, relater, topics) = others?;
        let inner = Inner {
            gazetteer,
            lang,
            sentences,
            numbers,
            relater,
            topics,
        };
        Ok(Extractor {
            inner: Arc::new(inner),
        })
    }
}

/// Reads a user data file, naming it in the error when it cannot be read or
/// is not UTF-8.
pub(crate) fn read_utf8(path: &std::path::Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::data(&path.display().to_string(), line, "invalid UTF-8")
    })
}

#[derive(Debug)]
struct Inner {
    gazetteer: Gazetteer,
    lang: LangDetector,
    sentences: SentenceSplitter,
    numbers: NumberFinder,
    relater: Relater,
    topics: TopicScorer,
}

/// Extracts entities, numeric facts and topics from news text.
///
/// Built once with [`Extractor::builder`]; cheap to clone (an `Arc` inside),
/// `Send + Sync`, and meant to be shared across threads.
#[derive(Clone, Debug)]
pub struct Extractor {
    inner: Arc<Inner>,
}

thread_local! {
    /// Folding buffers reused across calls on the same thread.
    static FOLDED: RefCell<Folded> = RefCell::new(Folded::default());
}

/// The longest text read, in bytes. Offsets inside the pipeline are 32-bit
/// and folding can triple a text at worst (a Hangul syllable decomposes into
/// three jamo), so 1 GiB leaves room.
pub const MAX_TEXT_BYTES: usize = 1 << 30;

/// `text`, or its longest prefix of at most `max` bytes ending on a
/// character boundary.
fn prefix_within(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl Extractor {
    /// A builder with the defaults (embedded data).
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::new()
    }

    /// Extracts the records of one document. Never fails, never panics.
    /// A text over 1 GiB ([`MAX_TEXT_BYTES`]) is read up to the last
    /// character boundary within that size: offsets are 32-bit inside.
    pub fn extract<'a>(&self, input: impl Into<Input<'a>>) -> Document {
        let input = input.into();
        crate::scratch::with(&FOLDED, |folded| self.run(input, folded, None))
    }

    /// Like [`extract`](Self::extract), and adds the time spent in each
    /// stage to `times` (for profiling; a clock read per stage boundary).
    pub fn extract_timed<'a>(
        &self,
        input: impl Into<Input<'a>>,
        times: &mut StageTimes,
    ) -> Document {
        let input = input.into();
        crate::scratch::with(&FOLDED, |folded| self.run(input, folded, Some(times)))
    }

    fn run(
        &self,
        input: Input<'_>,
        folded: &mut Folded,
        times: Option<&mut StageTimes>,
    ) -> Document {
        let inner = &*self.inner;
        let text = prefix_within(input.text, MAX_TEXT_BYTES);
        let mut clock = Clock::start(times);
        folded.refold(text);
        clock.lap(Stage::Fold);
        let lang = input
            .lang
            .unwrap_or_else(|| inner.lang.detect(folded.as_str()));
        clock.lap(Stage::Lang);
        let mut entities = Vec::new();
        inner.gazetteer.find(text, folded, &mut entities);
        clock.lap(Stage::Entities);
        let mut facts = inner.numbers.find(text, folded, lang);
        clock.lap(Stage::Numbers);
        if !facts.is_empty() {
            let sentences = inner.sentences.split(text);
            inner
                .relater
                .relate(text, folded, lang, &sentences, &entities, &mut facts);
        }
        clock.lap(Stage::Relate);
        let topics = inner.topics.score(text, folded, lang, &entities, &facts);
        clock.lap(Stage::Topics);
        let keyphrases = inner.topics.keyphrases(text, folded, lang, &entities);
        clock.lap(Stage::Keyphrases);
        Document {
            id: input.id.map(str::to_string),
            lang: Some(lang),
            entities,
            facts,
            topics,
            keyphrases,
        }
    }

    /// Number of distinct entities in the compiled gazetteer.
    pub fn entity_count(&self) -> usize {
        self.inner.gazetteer.entity_count()
    }

    /// Number of distinct folded surfaces in the compiled gazetteer.
    pub fn surface_count(&self) -> usize {
        self.inner.gazetteer.surface_count()
    }
}

/// The pipeline stages timed by [`Extractor::extract_timed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Folding the text (case, accents, apostrophes, spaces).
    Fold,
    /// Detecting the language.
    Lang,
    /// Finding and linking entities.
    Entities,
    /// Finding numbers, amounts, percentages and quantities.
    Numbers,
    /// Sentences, predicates, subjects and years of facts.
    Relate,
    /// Scoring topics.
    Topics,
    /// Ranking key phrases.
    Keyphrases,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 7] = [
        Stage::Fold,
        Stage::Lang,
        Stage::Entities,
        Stage::Numbers,
        Stage::Relate,
        Stage::Topics,
        Stage::Keyphrases,
    ];

    /// The stage's name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Fold => "fold",
            Stage::Lang => "lang",
            Stage::Entities => "entities",
            Stage::Numbers => "numbers",
            Stage::Relate => "relate",
            Stage::Topics => "topics",
            Stage::Keyphrases => "keyphrases",
        }
    }
}

/// Time spent per [`Stage`], summed over calls (see [`Extractor::extract_timed`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StageTimes {
    nanos: [u64; Stage::ALL.len()],
}

impl StageTimes {
    /// Time spent in `stage`.
    pub fn get(&self, stage: Stage) -> std::time::Duration {
        std::time::Duration::from_nanos(self.nanos[stage as usize])
    }

    /// Adds `other`'s times to these (to merge per-thread totals).
    pub fn add(&mut self, other: &StageTimes) {
        for (a, b) in self.nanos.iter_mut().zip(other.nanos) {
            *a += b;
        }
    }
}

/// Reads the clock at stage boundaries only when times are wanted.
struct Clock<'t> {
    times: Option<(&'t mut StageTimes, std::time::Instant)>,
}

impl<'t> Clock<'t> {
    fn start(times: Option<&'t mut StageTimes>) -> Clock<'t> {
        Clock {
            times: times.map(|t| (t, std::time::Instant::now())),
        }
    }

    fn lap(&mut self, stage: Stage) {
        if let Some((times, last)) = &mut self.times {
            let now = std::time::Instant::now();
            times.nanos[stage as usize] += (now - *last).as_nanos() as u64;
            *last = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_on_a_char_boundary() {
        assert_eq!(prefix_within("abc", 3), "abc");
        assert_eq!(prefix_within("abcd", 3), "abc");
        // `é` is two bytes: a cut inside it steps back before it.
        assert_eq!(prefix_within("aé", 2), "a");
        assert_eq!(prefix_within("aé", 3), "aé");
        assert_eq!(prefix_within("€", 2), "");
    }

    #[test]
    fn timed_extraction_is_the_same_and_times_every_stage() {
        let ex = Extractor::builder().build().unwrap();
        let text = "Nvidia a investi 2,5 milliards d’euros en France en 2024, selon Reuters.";
        let mut times = StageTimes::default();
        let doc = ex.extract_timed(text, &mut times);
        assert_eq!(doc, ex.extract(text));
        assert!(!doc.facts.is_empty());
        let total: std::time::Duration = Stage::ALL.iter().map(|&s| times.get(s)).sum();
        assert!(total > std::time::Duration::ZERO);
        let mut twice = times;
        twice.add(&times);
        assert_eq!(twice.get(Stage::Numbers), times.get(Stage::Numbers) * 2);
    }

    #[test]
    fn extractor_is_clone_send_sync() {
        fn check<T: Clone + Send + Sync + 'static>() {}
        check::<Extractor>();
    }

    #[test]
    fn gazetteer_file_errors_name_the_file() {
        let dir = std::env::temp_dir().join(format!("newsfacts-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.tsv");
        std::fs::write(&bad, b"A\tcompany\tA\nB\tcompany\n").unwrap();
        let e = Extractor::builder()
            .gazetteer_file(&bad)
            .build()
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("bad.tsv:2: expected at least 3 tab-separated fields (surface, kind, name), found 2"), "{e}");
        std::fs::write(&bad, b"A\tcompany\tA\n\xff\tcompany\tB\n").unwrap();
        let e = Extractor::builder()
            .gazetteer_file(&bad)
            .build()
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("bad.tsv:2: invalid UTF-8"), "{e}");
        let e = Extractor::builder()
            .gazetteer_file(dir.join("missing.tsv"))
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::Io { .. }), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn errors_of_stages_built_beside_the_gazetteer_come_after_its_own() {
        let dir = std::env::temp_dir().join(format!("newsfacts-order-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (gaz, tax) = (dir.join("gaz.tsv"), dir.join("tax.tsv"));
        std::fs::write(&tax, "space\tSpace\ten\torbit\theavy\n").unwrap();
        // The taxonomy compiles on the other thread; its error still arrives.
        std::fs::write(&gaz, "Acme\tcompany\tAcme\n").unwrap();
        let build = || {
            Extractor::builder()
                .gazetteer_file(&gaz)
                .taxonomy_file(&tax)
                .build()
                .unwrap_err()
                .to_string()
        };
        let e = build();
        assert!(e.contains("tax.tsv:1: weight"), "{e}");
        // Both broken: the gazetteer's error, as a serial build gives.
        std::fs::write(&gaz, "Acme\tcompany\n").unwrap();
        let e = build();
        assert!(e.contains("gaz.tsv:1: expected at least 3"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn language_hint_wins_over_detection() {
        let ex = Extractor::builder().build().unwrap();
        let doc = ex.extract(Input::new("The company said.").lang(Lang::Fr));
        assert_eq!(doc.lang, Some(Lang::Fr));
        assert_eq!(
            ex.extract("The company said it would.").lang,
            Some(Lang::En)
        );
    }
}
