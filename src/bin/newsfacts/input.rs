//! Streaming input: JSON Lines and .txt files read in bounded batches, each
//! bad line reported with its `FILE:LINE` while its neighbours go on.

use newsfacts::Lang;
use serde::Deserialize;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;

/// A document ready for extraction.
#[derive(Debug)]
pub struct Doc {
    pub id: String,
    pub text: String,
    pub lang: Option<Lang>,
}

/// Documents read together, and the problems met while reading them.
pub struct Batch {
    pub docs: Vec<Doc>,
    pub errors: Vec<String>,
    /// Input bytes consumed for this batch (lines and whole files), for progress.
    pub input_bytes: u64,
}

/// Stops filling a batch past this many documents or text bytes, so memory
/// stays bounded by the batch (or the largest document), not the input.
const BATCH_DOCS: usize = 512;
const BATCH_BYTES: usize = 8 << 20;

enum Current {
    Lines {
        name: String,
        reader: Box<dyn BufRead + Send>,
        line: usize,
    },
}

pub struct Reader {
    pending: std::vec::IntoIter<PathBuf>,
    current: Option<Current>,
    stdin_used: bool,
    total_bytes: Option<u64>,
}

#[derive(Deserialize)]
struct RawLine {
    id: Option<serde_json::Value>,
    text: Option<serde_json::Value>,
    lang: Option<serde_json::Value>,
}

impl Reader {
    pub fn new(files: Vec<PathBuf>) -> Reader {
        let files = if files.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            files
        };
        // Sizes are known for regular files only (not stdin or pipes); a
        // missing file counts 0 here and is reported when it is opened.
        let total_bytes = files.iter().try_fold(0u64, |sum, p| {
            if p.as_os_str() == "-" {
                return None;
            }
            match std::fs::metadata(p) {
                Ok(m) if m.is_file() => Some(sum + m.len()),
                Ok(_) => None,
                Err(_) => Some(sum),
            }
        });
        Reader {
            pending: files.into_iter(),
            current: None,
            stdin_used: false,
            total_bytes,
        }
    }

    /// The input's total size in bytes, when every input is a regular file.
    pub fn total_bytes(&self) -> Option<u64> {
        self.total_bytes
    }

    /// The next batch, `None` at the end, or an error about a whole file
    /// (unreadable), after which reading goes on with the next file.
    pub fn next_batch(&mut self) -> Result<Option<Batch>, String> {
        let mut batch = Batch {
            docs: Vec::new(),
            errors: Vec::new(),
            input_bytes: 0,
        };
        let mut bytes = 0;
        while batch.docs.len() < BATCH_DOCS && bytes < BATCH_BYTES {
            if self.current.is_none() {
                let Some(path) = self.pending.next() else {
                    break;
                };
                match self.open(path, &mut batch) {
                    Ok(c) => self.current = c,
                    Err(e) => {
                        batch.errors.push(e);
                        continue;
                    }
                }
                continue;
            }
            let Some(Current::Lines { name, reader, line }) = self.current.as_mut() else {
                break;
            };
            let mut raw = Vec::new();
            match reader.read_until(b'\n', &mut raw) {
                Ok(0) => self.current = None,
                Ok(n) => {
                    batch.input_bytes += n as u64;
                    *line += 1;
                    match parse_line(&raw) {
                        Ok(Some(mut doc)) => {
                            if doc.id.is_empty() {
                                doc.id = format!("{name}:{line}");
                            }
                            bytes += doc.text.len();
                            batch.docs.push(doc);
                        }
                        Ok(None) => {}
                        Err(reason) => batch.errors.push(format!("{name}:{line}: {reason}")),
                    }
                }
                Err(e) => {
                    batch.errors.push(format!("{name}:{}: {e}", *line + 1));
                    self.current = None;
                }
            }
        }
        if batch.docs.is_empty()
            && batch.errors.is_empty()
            && self.current.is_none()
            && self.pending.len() == 0
        {
            return Ok(None);
        }
        Ok(Some(batch))
    }

    /// Opens a file: `.txt` files are read whole as one document here; other
    /// files (and `-`, stdin) are read line by line.
    fn open(&mut self, path: PathBuf, batch: &mut Batch) -> Result<Option<Current>, String> {
        let name = path.display().to_string();
        if name == "-" {
            if self.stdin_used {
                return Err("-: standard input can be read only once".into());
            }
            self.stdin_used = true;
            let reader: Box<dyn BufRead + Send> =
                Box::new(BufReader::with_capacity(1 << 16, io::stdin()));
            return Ok(Some(Current::Lines {
                name: "<stdin>".into(),
                reader,
                line: 0,
            }));
        }
        let file = File::open(&path).map_err(|e| format!("{name}: {e}"))?;
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        {
            let mut bytes = Vec::new();
            BufReader::new(file)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("{name}: {e}"))?;
            batch.input_bytes += bytes.len() as u64;
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                    let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
                    batch.errors.push(format!(
                        "{name}:{line}: invalid UTF-8, replaced with U+FFFD"
                    ));
                    String::from_utf8_lossy(e.as_bytes()).into_owned()
                }
            };
            batch.docs.push(Doc {
                id: name,
                text,
                lang: None,
            });
            return Ok(None);
        }
        let reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(1 << 16, file));
        Ok(Some(Current::Lines {
            name,
            reader,
            line: 0,
        }))
    }
}

/// One JSON Lines record, `Ok(None)` for a blank line.
fn parse_line(raw: &[u8]) -> Result<Option<Doc>, String> {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let line = std::str::from_utf8(raw)
        .map_err(|e| format!("invalid UTF-8 at byte {} of the line", e.valid_up_to() + 1))?;
    let rec: RawLine = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let text = match rec.text {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => return Err("no \"text\" string".into()),
        Some(other) => {
            return Err(format!(
                "\"text\" must be a string, found {}",
                type_name(&other)
            ))
        }
    };
    let id = match rec.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => {
            return Err(format!(
                "\"id\" must be a string or a number, found {}",
                type_name(&other)
            ))
        }
    };
    let lang = match rec.lang {
        Some(serde_json::Value::String(s)) => s.parse::<Lang>().ok(),
        _ => None,
    };
    Ok(Some(Doc { id, text, lang }))
}

fn type_name(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// name, raw line, expected (id, text) or error
    type Row<'a> = (
        &'a str,
        &'a [u8],
        Result<Option<(&'a str, &'a str)>, &'a str>,
    );

    #[test]
    fn lines() {
        let rows: &[Row] = &[
            (
                "plain",
                br#"{"id":"a","text":"Chine"}"#,
                Ok(Some(("a", "Chine"))),
            ),
            (
                "numeric id",
                br#"{"id":7,"text":"x","other":[1,2]}"#,
                Ok(Some(("7", "x"))),
            ),
            ("blank", b"  \r\n", Ok(None)),
            (
                "text number",
                br#"{"id":"a","text":42}"#,
                Err("\"text\" must be a string, found a number"),
            ),
            ("text null", br#"{"text":null}"#, Err("no \"text\" string")),
            ("no text", br#"{"id":"a"}"#, Err("no \"text\" string")),
            (
                "bad utf8",
                b"{\"text\":\"\xff\"}",
                Err("invalid UTF-8 at byte 10 of the line"),
            ),
        ];
        for (name, raw, want) in rows {
            let got = parse_line(raw).map(|o| o.map(|d| (d.id, d.text)));
            let want = (*want)
                .map(|o| o.map(|(a, b)| (a.to_string(), b.to_string())))
                .map_err(str::to_string);
            assert_eq!(got, want, "row {name}");
        }
        assert!(parse_line(b"{not json")
            .unwrap_err()
            .starts_with("invalid JSON: "));
        let deep = format!(
            "{{\"text\":\"x\",\"a\":{}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        // Deep nesting in an ignored field is skipped without recursion.
        assert_eq!(parse_line(deep.as_bytes()).unwrap().unwrap().text, "x");
        let deep_id = format!(
            "{{\"text\":\"x\",\"id\":{}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(parse_line(deep_id.as_bytes())
            .unwrap_err()
            .contains("recursion limit"));
    }

    #[test]
    fn sizes_for_progress() {
        let dir = std::env::temp_dir().join(format!("newsfacts-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (jsonl, txt) = (dir.join("a.jsonl"), dir.join("b.txt"));
        std::fs::write(&jsonl, "{\"text\":\"Inde\"}\n\n{oops}\n").unwrap();
        std::fs::write(&txt, "La Chine.").unwrap();
        let mut reader = Reader::new(vec![jsonl, txt]);
        assert_eq!(reader.total_bytes(), Some(16 + 1 + 7 + 9));
        let batch = reader.next_batch().unwrap().unwrap();
        assert_eq!((batch.docs.len(), batch.errors.len()), (2, 1));
        // Every byte read counts, blank and bad lines included.
        assert_eq!(batch.input_bytes, 16 + 1 + 7 + 9);
        assert!(reader.next_batch().unwrap().is_none());
        assert_eq!(Reader::new(Vec::new()).total_bytes(), None, "stdin");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
