//! Gazetteer rows made ready to merge: parsed, checked, folded and hashed.
//! For a large file this is shared with a second thread, while the merge
//! still takes the entries one at a time in file order (so ids, priorities
//! and the first error are those of a serial read).

use super::entry::{each_entry, each_entry_of_part, EntryRef};
use super::index::key_hash;
use crate::data::{Lexicon, Source};
use crate::text::fold_str;
use crate::Error;
use std::sync::atomic::{AtomicUsize, Ordering};

/// An entry and what the builder computes from it alone.
pub(crate) struct Prepared<'a> {
    pub(crate) e: EntryRef<'a>,
    /// The folded surface, and its [`key_hash`].
    pub(crate) key: String,
    pub(crate) key_hash: u64,
    /// [`key_hash`] of the id.
    pub(crate) id_hash: u64,
    /// The surface as written starts with a capital letter.
    pub(crate) capital: bool,
}

fn prepare(e: EntryRef<'_>) -> Prepared<'_> {
    let key = fold_str(e.surface);
    Prepared {
        key_hash: key_hash(&key),
        key,
        id_hash: key_hash(&e.id),
        capital: e.surface.chars().next().is_some_and(char::is_uppercase),
        e,
    }
}

/// Files from this size are prepared on two threads (a thread costs about
/// as much as a few hundred rows).
const PARALLEL_BYTES: usize = 64 << 10;

/// Bytes per part of a file shared between the threads (about 1000 rows).
const PART_BYTES: usize = 32 << 10;

/// Parts the second thread may have prepared ahead of the merge.
const AHEAD: usize = 8;

/// Calls `f` on each prepared entry of `src` in file order; stops at the
/// first error of the file or of `f`.
///
/// A large file is cut into parts at line ends. A second thread prepares
/// parts in order, ahead of the merge; the merging thread takes each part
/// from it, or, when it has caught up (the merge is the faster), claims the
/// part and prepares it itself. The parts go to `f` in file order either way.
pub(crate) fn each_prepared<'a>(
    src: Source<'a>,
    mut f: impl FnMut(Prepared<'a>) -> Result<(), Error>,
) -> Result<(), Error> {
    let parts = match parts(src.text) {
        Some(parts) if parts.len() > 1 => parts,
        _ => return each_entry(src, |e| f(prepare(e))),
    };
    let part = |i: usize| {
        let (start, lines) = parts[i];
        let end = parts.get(i + 1).map_or(src.text.len(), |p| p.0);
        let text = &src.text[start..end];
        (
            Source {
                path: src.path,
                text,
            },
            lines,
        )
    };
    let part_lines = |i: usize| {
        let end = parts.get(i + 1).map_or(usize::MAX, |p| p.1);
        end.min(parts[i].1 + PART_BYTES) - parts[i].1 + 1
    };
    // The first part not yet claimed by either thread.
    let next = AtomicUsize::new(0);
    // A part's entries, up to its first error if any.
    type Part<'a> = (Vec<Prepared<'a>>, Result<(), Error>);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Part<'a>>(AHEAD);
    std::thread::scope(|s| {
        // If no thread can be started, this one claims every part itself.
        let _ = std::thread::Builder::new().spawn_scoped(s, || {
            let tx = tx;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= parts.len() {
                    return;
                }
                let (src, lines) = part(i);
                // At most a row per line.
                let mut out = Vec::with_capacity(part_lines(i));
                let read = each_entry_of_part(src, lines, |e| {
                    out.push(prepare(e));
                    Ok(())
                });
                let failed = read.is_err();
                // Fails only when the merge has stopped.
                if tx.send((out, read)).is_err() || failed {
                    return;
                }
            }
        });
        for i in 0..parts.len() {
            if next
                .compare_exchange(i, i + 1, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
            {
                let (src, lines) = part(i);
                each_entry_of_part(src, lines, |e| f(prepare(e)))?;
            } else {
                // Claimed by the other thread, which sends its parts in order.
                // It sends every part it claims: it is gone only if it
                // panicked, and the scope passes that panic on.
                let Ok((prepared, read)) = rx.recv() else {
                    break;
                };
                for p in prepared {
                    f(p)?;
                }
                read?;
            }
        }
        Ok(())
    })
}

/// Where each part of a large `text` starts (a line start) and the lines
/// before it; `None` when the first part holds no row, so that a header
/// could be in another part.
fn parts(text: &str) -> Option<Vec<(usize, usize)>> {
    if text.len() < PARALLEL_BYTES {
        return None;
    }
    let b = text.as_bytes();
    let mut parts = vec![(0, 0)];
    let (mut start, mut lines) = (0, 0);
    while start + PART_BYTES < b.len() {
        let Some(k) = b[start + PART_BYTES..].iter().position(|&c| c == b'\n') else {
            break;
        };
        let end = start + PART_BYTES + k + 1;
        lines += count_lines(&b[start..end]);
        start = end;
        if start < b.len() {
            parts.push((start, lines));
        }
    }
    let first = &text[..parts.get(1).map_or(text.len(), |p| p.0)];
    Lexicon::rows_with_header(
        Source {
            path: "",
            text: first,
        },
        None,
    )
    .next()
    .map(|_| parts)
}

/// The `\n` bytes of `b`, eight at a time (a byte-wise count was 3 to 4
/// instructions a byte, as much as a tenth of reading a gazetteer).
pub(crate) fn count_lines(b: &[u8]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut chunks = b.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        let x = w ^ 0x0a0a_0a0a_0a0a_0a0a;
        // High bit of each byte set when the byte of `x` is not zero.
        let nonzero = ((x & LOW7).wrapping_add(LOW7) | x) & !LOW7;
        n += 8 - nonzero.count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|&&c| c == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read = (Vec<(usize, String, String)>, Option<String>);

    /// (line, key, id) of each entry, then the error if any; the merge
    /// stops with an error of its own at line `stop_at`, and waits at the
    /// first entry (so that the other thread runs ahead) when `wait`.
    fn read(text: &str, stop_at: usize, wait: bool) -> Read {
        let mut got = Vec::new();
        let r = each_prepared(
            Source {
                path: "p.tsv",
                text,
            },
            |p| {
                if p.e.line == stop_at {
                    return Err(Error::data("p.tsv", p.e.line, "stopped by the merge"));
                }
                if wait && got.is_empty() {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                assert_eq!(p.key_hash, key_hash(&p.key));
                assert_eq!(p.id_hash, key_hash(&p.e.id));
                got.push((p.e.line, p.key, p.e.id.into_owned()));
                Ok(())
            },
        );
        (got, r.err().map(|e| e.to_string()))
    }

    fn serial(text: &str) -> Read {
        let mut got = Vec::new();
        let r = each_entry(
            Source {
                path: "p.tsv",
                text,
            },
            |e| {
                got.push((e.line, fold_str(e.surface), e.id.into_owned()));
                Ok(())
            },
        );
        (got, r.err().map(|e| e.to_string()))
    }

    /// A header, a comment, then `rows` rows with blank lines and comments
    /// between them: more than one part.
    fn big(rows: usize) -> String {
        let mut t = String::from("surface\tkind\tname\n# comment\n");
        for i in 0..rows {
            t.push_str(&format!("Société {i}\tcompany\tSociété {}\r\n", i / 3));
            if i % 7 == 0 {
                t.push_str("\n# note\n");
            }
        }
        assert!(parts(&t).is_some_and(|p| p.len() > 4));
        t
    }

    #[test]
    fn lines_are_counted_as_bytes_are() {
        let text: &[u8] = b"a\nb\n\n\xc2\xa0\xe1\x82\xa0\n\n\n\n\n\n\n\n\nx\r\n\x8a\x0b\xff\x0a";
        for i in 0..text.len() {
            let b = &text[i..];
            assert_eq!(count_lines(b), b.iter().filter(|&&c| c == b'\n').count());
        }
    }

    #[test]
    fn parts_cut_at_line_starts_and_count_lines() {
        let t = big(5000);
        for (start, lines) in parts(&t).unwrap() {
            assert!(start == 0 || t.as_bytes()[start - 1] == b'\n');
            assert_eq!(t[..start].matches('\n').count(), lines);
        }
        // No row in the first part: the header could be further on.
        let comments = "# c\n".repeat(PART_BYTES / 4 + 10) + &big(5000);
        assert!(parts(&comments).is_none());
        assert_eq!(read(&comments, 0, false), serial(&comments));
    }

    #[test]
    fn parallel_read_is_the_serial_one() {
        let text = big(5000);
        for wait in [false, true] {
            let (got, err) = read(&text, usize::MAX, wait);
            assert_eq!(err, None);
            assert_eq!(got.len(), 5000);
            assert_eq!(got[0], (3, "societe 0".into(), "company:societe-0".into()));
            assert_eq!((got, err), serial(&text));
        }
    }

    #[test]
    fn parallel_errors_name_the_first_bad_line() {
        let mut text = big(5000);
        let last = text.matches('\n').count();
        // A bad row deep in the file, then another.
        text.push_str("X\tcity\tX\n");
        text.push_str("\tcompany\tX\n");
        for wait in [false, true] {
            let (got, err) = read(&text, usize::MAX, wait);
            assert_eq!(got.len(), 5000, "{err:?}");
            let want = format!("p.tsv:{}: unknown entity kind \"city\" (expected company, organization, country, location or person)", last + 1);
            assert_eq!(err, Some(want));
            assert_eq!((got, err), serial(&text));
            // An error of the merge before the parse error wins, as serially.
            let stop = got_line(&text, 1200);
            let (got, err) = read(&text, stop, wait);
            assert_eq!(got.len(), 1200);
            assert_eq!(err, Some(format!("p.tsv:{stop}: stopped by the merge")));
        }
    }

    /// The line of row `n` (0-based) of `text`.
    fn got_line(text: &str, n: usize) -> usize {
        serial(text).0[n].0
    }
}
