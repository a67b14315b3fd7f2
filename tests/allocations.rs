//! No allocation per match on the hot path (issue 7): the phrase walk
//! allocates nothing per match, and a whole extraction allocates, beyond
//! the strings its records own, a number of blocks that does not grow with
//! the number of mentions and facts. A test binary of its own, because it
//! counts allocations with a global allocator (per thread, so the tests of
//! this file may run side by side).

use newsfacts::text::{Folded, PhraseMatcher};
use newsfacts::{Document, Extractor};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counter is a const-initialised thread local, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.with(|n| n.set(n.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Allocations (and reallocations) made by `f` on this thread.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCS.with(Cell::get);
    let out = f();
    (ALLOCS.with(Cell::get) - before, out)
}

#[test]
fn the_phrase_walk_allocates_nothing_per_match() {
    let m = PhraseMatcher::build(["banque centrale", "chine", "fonds monetaire"], "test").unwrap();
    let sentence = "La Banque centrale de Chine et le Fonds monétaire parlent. ";
    // A first walk gives this thread its list of pattern ends.
    m.for_each_in(&Folded::new(sentence), |_, _, _| true);
    for repeat in [10, 1_000] {
        let folded = Folded::new(&sentence.repeat(repeat));
        let mut found = 0;
        let (allocs, ()) = allocations(|| {
            m.for_each_in(&folded, |_, _, _| {
                found += 1;
                true
            })
        });
        assert_eq!(found, 3 * repeat);
        assert_eq!(allocs, 0, "{repeat} sentences");
    }
}

/// Strings owned by a document's records: the heap blocks a record must
/// have (an empty `String` allocates nothing).
fn record_strings(doc: &Document) -> usize {
    let owned = |s: &str| usize::from(!s.is_empty());
    let opt = |s: &Option<String>| s.as_deref().map_or(0, owned);
    doc.entities
        .iter()
        .map(|e| owned(&e.text) + owned(&e.name) + owned(&e.id))
        .sum::<usize>()
        + doc
            .facts
            .iter()
            .map(|f| owned(&f.text) + opt(&f.unit) + opt(&f.subject) + opt(&f.subject_id))
            .sum::<usize>()
        + doc.topics.iter().map(|t| owned(&t.id)).sum::<usize>()
        + doc.keyphrases.iter().map(|k| owned(&k.text)).sum::<usize>()
        + opt(&doc.id)
}

#[test]
fn an_extraction_allocates_per_record_string_not_per_match() {
    let ex = Extractor::builder().build().unwrap();
    // Money with an equivalent, a change, a range, a date, a short form of
    // a person, elisions, non-breaking spaces, English and French.
    let paragraph = "Selon Reuters, NVIDIA investira 2,5 milliards d’euros (environ 2,7 \
        milliards de dollars) en France le 15 janvier 2026. La part de marché de Huawei en \
        Chine pourrait passer de 40 % en 2024 à 55 % d’ici 2027. Le gouvernement indien a \
        annoncé un parc solaire de 500 à 700 MW près de Jodhpur. Jensen Huang a parlé ; \
        Huang a ajouté que l’Inde recevra plus de 1\u{202f}000 millions de dollars. \
        Microsoft and OpenAI signed a $10 billion deal in the United States, up from $8bn. ";
    let mut overheads = Vec::new();
    for repeat in [20, 200] {
        let text = paragraph.repeat(repeat);
        // The first run sizes this thread's buffers for such a document.
        let warm = ex.extract(text.as_str());
        let (allocs, doc) = allocations(|| ex.extract(text.as_str()));
        assert_eq!(doc, warm);
        assert!(doc.entities.len() >= 9 * repeat, "{}", doc.entities.len());
        assert!(doc.facts.len() >= 5 * repeat, "{}", doc.facts.len());
        let strings = record_strings(&doc);
        assert!(allocs >= strings, "{allocs} allocations, {strings} strings");
        overheads.push(allocs - strings);
    }
    // 180 more paragraphs, each with 12 mentions and 9 facts: an allocation
    // per match, per fact or per sentence would add at least 180. What may
    // grow is the number of doublings of the record lists (logarithmic).
    assert!(
        overheads[1] <= overheads[0] + 90,
        "allocations beyond the records' strings: {overheads:?}"
    );
}
