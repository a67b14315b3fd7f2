//! Currencies: the generated CLDR table, the hand-written aliases, and the
//! rule that resolves a bare `$`.
//!
//! # A bare `$`
//!
//! `$`, `dollars`, `bucks` are *generic* members of the dollar family and read
//! as USD, unless the document itself names exactly one specific dollar
//! (`S$`, `dollars de Singapour`, `CAD`, and also `US$`): then every generic
//! dollar of the document is that one. A document naming two (`S$1 000
//! millions (environ 786 millions de dollars américains)`) keeps USD for its
//! bare dollars. The same holds for the other families with a generic form
//! (`livres`/`pounds` → GBP, `francs` → CHF, `roupies`/`rupees` → INR,
//! `pesos` → MXN). `dinars`, `riyals`, `rials` name no one currency and have no
//! default: their unit stays null unless the document names the currency.

use super::lexicon::{has_flag, rows, Side, SurfacesBuilder, Table, TableBuilder};
use crate::data::Source;
use crate::Error;

/// How a currency is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CurKind {
    /// `$`, `€`, `US$`, `Rs`.
    Symbol,
    /// An ISO 4217 code: `USD`.
    Code,
    /// A name: `euros`, `dollars de Singapour`.
    Name,
}

/// One currency form.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Currency {
    /// ISO 4217 code; `None` for forms that name no one currency (`dinars`).
    pub code: Option<Box<str>>,
    pub kind: CurKind,
    /// `dollar`, `pound`…: which generic forms this currency can stand for.
    pub family: Option<Box<str>>,
    /// A generic form (`$`, `dollars`), resolved per document.
    pub generic: bool,
}

/// Loads the aliases first (they win ties), then the generated table.
pub(crate) fn load(
    aliases: Source<'_>,
    generated: Source<'_>,
    surfaces: &mut SurfacesBuilder,
) -> Result<Table<Currency>, Error> {
    let mut b = TableBuilder::new(surfaces, Side::Both);
    for row in rows(aliases, "surface")? {
        let surface = row.field(0)?;
        let code = row.field(1)?;
        let kind = parse_kind(&row, row.field(2)?)?;
        let flags = row.opt(4);
        let cur = Currency {
            code: (code != "-").then(|| code.into()),
            kind,
            family: row.opt(3).map(Into::into),
            generic: has_flag(flags, "generic"),
        };
        check_code(&row, code)?;
        b.push(&row, surface, has_flag(flags, "case"), cur)?;
    }
    for row in rows(generated, "surface")? {
        let surface = row.field(0)?;
        let code = row.field(1)?;
        check_code(&row, code)?;
        let kind = parse_kind(&row, row.field(3)?)?;
        let cur = Currency {
            code: Some(code.into()),
            kind,
            family: row.opt(4).map(Into::into),
            generic: false,
        };
        // Codes are words too (`ALL`, `CUP`, `TOP`): only in capitals.
        b.push(&row, surface, kind == CurKind::Code, cur)?;
    }
    Ok(b.build())
}

fn parse_kind(row: &crate::data::Row<'_>, kind: &str) -> Result<CurKind, Error> {
    match kind {
        "symbol" => Ok(CurKind::Symbol),
        "code" => Ok(CurKind::Code),
        "name" => Ok(CurKind::Name),
        _ => Err(row.error(format!(
            "unknown currency kind {kind:?} (expected symbol, code or name)"
        ))),
    }
}

fn check_code(row: &crate::data::Row<'_>, code: &str) -> Result<(), Error> {
    if code == "-" || (code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())) {
        Ok(())
    } else {
        Err(row.error(format!(
            "currency code {code:?} is not an ISO 4217 code or -"
        )))
    }
}

/// Resolves generic currencies in place: `items` are `(currency, code slot)`
/// pairs of one document, in text order.
pub(crate) fn resolve_generic<'c>(items: &mut [(&'c Currency, &mut Option<String>)]) {
    for i in 0..items.len() {
        // The currencies outlive `items`: their names are read in place.
        let cur: &'c Currency = items[i].0;
        if !cur.generic {
            continue;
        }
        let Some(family) = cur.family.as_deref() else {
            continue;
        };
        let mut named: Option<&'c str> = None;
        let mut several = false;
        for &(other, _) in items.iter() {
            let other: &'c Currency = other;
            if other.generic || other.family.as_deref() != Some(family) {
                continue;
            }
            match (named, other.code.as_deref()) {
                (None, Some(c)) => named = Some(c),
                (Some(n), Some(c)) if n != c => several = true,
                _ => {}
            }
        }
        if let (Some(code), false) = (named, several) {
            *items[i].1 = Some(code.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str, family: &str, generic: bool) -> Currency {
        Currency {
            code: Some(code.into()),
            kind: CurKind::Symbol,
            family: Some(family.into()),
            generic,
        }
    }

    #[test]
    fn generic_dollars_follow_the_document() {
        let (usd, sgd, cad) = (
            cur("USD", "dollar", true),
            cur("SGD", "dollar", false),
            cur("CAD", "dollar", false),
        );
        // (name, currencies in the document, expected code of the first)
        let rows: &[(&str, Vec<&Currency>, &str)] = &[
            ("alone", vec![&usd], "USD"),
            ("one named dollar", vec![&usd, &sgd], "SGD"),
            ("two named dollars", vec![&usd, &sgd, &cad], "USD"),
            ("same dollar twice", vec![&usd, &sgd, &sgd], "SGD"),
        ];
        for (name, doc, want) in rows {
            let mut slots: Vec<Option<String>> = doc
                .iter()
                .map(|c| c.code.as_deref().map(str::to_string))
                .collect();
            let mut items: Vec<(&Currency, &mut Option<String>)> =
                doc.iter().copied().zip(slots.iter_mut()).collect();
            resolve_generic(&mut items);
            assert_eq!(slots[0].as_deref(), Some(*want), "row {name}");
        }
    }
}
