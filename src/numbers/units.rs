//! Scale words (`milliards`, `bn`, `M`) and units (`%`, `GW`, `TWh`, `cents`).

use super::lexicon::{has_flag, rows, Side, SurfacesBuilder, Table, TableBuilder};
use crate::data::Source;
use crate::record::Lang;
use crate::Error;

/// A multiplier written after a number.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Scale {
    pub mult: f64,
    /// `None`: both languages.
    pub lang: Option<Lang>,
    /// Only when the figure is money (`€300m`, not `300m`).
    pub money_only: bool,
}

/// What a unit makes of the figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Percent,
    Quantity,
    /// Money counted in sub-units (`50 cents`), currency unknown.
    Subunit,
}

/// A unit or percent word.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Unit {
    /// The symbol reported as the fact's unit.
    pub symbol: Box<str>,
    pub kind: UnitKind,
    /// Written before the number (`percent of 10`).
    pub before: bool,
}

pub(crate) fn load_scales(
    src: Source<'_>,
    surfaces: &mut SurfacesBuilder,
) -> Result<Table<Scale>, Error> {
    let mut b = TableBuilder::new(surfaces, Side::After);
    for row in rows(src, "surface")? {
        let surface = row.field(0)?;
        let mult: f64 = row
            .field(1)?
            .parse()
            .map_err(|_| row.error("scale value is not a number"))?;
        if !mult.is_finite() || mult <= 0.0 {
            return Err(row.error("scale value must be positive and finite"));
        }
        let lang = match row.field(2)? {
            "*" => None,
            l => Some(l.parse::<Lang>().map_err(|e| row.error(e))?),
        };
        let flags = row.opt(3);
        let scale = Scale {
            mult,
            lang,
            money_only: has_flag(flags, "money"),
        };
        b.push(&row, surface, has_flag(flags, "case"), scale)?;
    }
    Ok(b.build())
}

pub(crate) fn load_units(
    src: Source<'_>,
    surfaces: &mut SurfacesBuilder,
) -> Result<Table<Unit>, Error> {
    let mut b = TableBuilder::new(surfaces, Side::Both);
    for row in rows(src, "surface")? {
        let surface = row.field(0)?;
        let kind = match row.field(2)? {
            "percent" => UnitKind::Percent,
            "quantity" => UnitKind::Quantity,
            "subunit" => UnitKind::Subunit,
            k => {
                return Err(row.error(format!(
                    "unknown unit kind {k:?} (expected percent, quantity or subunit)"
                )))
            }
        };
        let flags = row.opt(3);
        let unit = Unit {
            symbol: row.field(1)?.into(),
            kind,
            before: has_flag(flags, "before"),
        };
        b.push(&row, surface, has_flag(flags, "case"), unit)?;
    }
    Ok(b.build())
}
