//! Context rules (`data/lexicon/context.tsv`) for names that are also
//! ordinary words or other things: `Apple` but not `Apple pie`, `Georgia`
//! the country but not `Atlanta, Georgia`, `Mercedes` but not `Mercedes Sosa`.

use crate::data::{Lexicon, Source};
use crate::text::{fold_str, is_word_char};
use crate::Error;

/// Where a rule looks and whether its words reject or are required.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    NotBefore,
    NotAfter,
    NeedsBefore,
    NeedsAfter,
}

/// One rule attached to a (surface, entity) pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    kind: Kind,
    /// Folded words.
    words: Vec<String>,
    /// `<Cap>`: any word starting with a capital letter also counts.
    capitalized: bool,
}

/// A parsed row: folded surface, entity id, rule.
pub(crate) type ContextRow = (String, String, Rule);

pub(crate) fn parse(src: Source<'_>) -> Result<Vec<ContextRow>, Error> {
    let mut out = Vec::new();
    for row in Lexicon::parse_with_header(src, Some("surface"))? {
        let kind = match row.field(2)? {
            "not_before" => Kind::NotBefore,
            "not_after" => Kind::NotAfter,
            "needs_before" => Kind::NeedsBefore,
            "needs_after" => Kind::NeedsAfter,
            other => {
                return Err(row.error(format!(
                    "unknown rule {other:?} (expected not_before, not_after, needs_before or needs_after)"
                )))
            }
        };
        let mut rule = Rule {
            kind,
            words: Vec::new(),
            capitalized: false,
        };
        for w in row
            .field(3)?
            .split(',')
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            if w == "<Cap>" {
                rule.capitalized = true;
            } else {
                rule.words.push(fold_str(w));
            }
        }
        out.push((fold_str(row.field(0)?), row.field(1)?.to_string(), rule));
    }
    Ok(out)
}

/// What surrounds a mention: the folded text and both texts' offsets.
pub(crate) struct Around<'a> {
    pub text: &'a str,
    pub folded: &'a str,
    /// Folded bounds of the mention.
    pub start: usize,
    pub end: usize,
    /// Original bounds of the mention.
    pub orig_start: usize,
    pub orig_end: usize,
}

impl Rule {
    /// Whether the mention may stand in this context.
    pub(crate) fn allows(&self, at: &Around<'_>) -> bool {
        let after = matches!(self.kind, Kind::NotBefore | Kind::NeedsBefore);
        let hit = if after {
            self.matches(
                next_word(at.folded, at.end),
                next_word(at.text, at.orig_end),
            )
        } else {
            self.matches(
                prev_word(at.folded, at.start),
                prev_word(at.text, at.orig_start),
            )
        };
        match self.kind {
            Kind::NotBefore | Kind::NotAfter => !hit,
            Kind::NeedsBefore | Kind::NeedsAfter => hit,
        }
    }

    fn matches(&self, folded: Option<&str>, original: Option<&str>) -> bool {
        folded.is_some_and(|w| self.words.iter().any(|x| x == w))
            || (self.capitalized
                && original
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_uppercase))
    }
}

fn is_word_part(c: char) -> bool {
    is_word_char(c) || c == '.' || c == '\''
}

/// The word after `end`, across spaces only (`Jordan, Egypt` has none).
fn next_word(s: &str, end: usize) -> Option<&str> {
    let rest = s.get(end..)?;
    let rest = rest.trim_start_matches(char::is_whitespace);
    let n = rest.find(|c: char| !is_word_part(c)).unwrap_or(rest.len());
    let w = rest[..n].trim_end_matches('.');
    (!w.is_empty()).then_some(w)
}

/// The word before `start`, across spaces and one comma (`Atlanta, Georgia`).
fn prev_word(s: &str, start: usize) -> Option<&str> {
    let head = s.get(..start)?.trim_end_matches(char::is_whitespace);
    let head = head
        .strip_suffix([',', ';'])
        .unwrap_or(head)
        .trim_end_matches(char::is_whitespace);
    let n = head.rfind(|c: char| !is_word_part(c)).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    let w = head[n..].trim_end_matches('.');
    (!w.is_empty()).then_some(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_around() {
        let t = "Atlanta, Georgia is big. Jordan, Egypt";
        assert_eq!(prev_word(t, 9), Some("Atlanta"));
        assert_eq!(next_word(t, 16), Some("is"));
        assert_eq!(next_word(t, 31), None, "a comma stops the next word");
        assert_eq!(prev_word(t, 0), None);
        assert_eq!(next_word("the U.S. said", 3), Some("U.S"));
    }

    #[test]
    fn rules_parse_and_apply() {
        let src = Source {
            path: "c.tsv",
            text: "surface\tid\trule\twords\nApple\tcompany:apple\tnot_before\tpie, juice\nMercedes\tx\tnot_before\t<Cap>\n",
        };
        let rows = parse(src).unwrap();
        assert_eq!(rows.len(), 2);
        let at = |text: &'static str, s: usize, e: usize| Around {
            text,
            folded: text,
            start: s,
            end: e,
            orig_start: s,
            orig_end: e,
        };
        assert!(!rows[0].2.allows(&at("Apple pie", 0, 5)));
        assert!(rows[0].2.allows(&at("Apple said", 0, 5)));
        assert!(!rows[1].2.allows(&at("Mercedes Sosa", 0, 8)));
        assert!(rows[1].2.allows(&at("Mercedes sold", 0, 8)));
        let bad = Source {
            path: "c.tsv",
            text: "A\tx\tnear\tb\n",
        };
        assert_eq!(
            parse(bad).unwrap_err().to_string(),
            "c.tsv:1: unknown rule \"near\" (expected not_before, not_after, needs_before or needs_after)"
        );
    }
}
