//! Hedges written before a figure: `environ`, `plus de`, `up to`…

use super::lexicon::{rows, Side, SurfacesBuilder, Table, TableBuilder};
use crate::data::Source;
use crate::record::Qualifier;
use crate::Error;

pub(crate) fn load(
    src: Source<'_>,
    surfaces: &mut SurfacesBuilder,
) -> Result<Table<Qualifier>, Error> {
    let mut b = TableBuilder::new(surfaces, Side::Before);
    for row in rows(src, "surface")? {
        let q = match row.field(1)? {
            "about" => Qualifier::About,
            "more_than" => Qualifier::MoreThan,
            "less_than" => Qualifier::LessThan,
            "up_to" => Qualifier::UpTo,
            "at_least" => Qualifier::AtLeast,
            q => {
                return Err(row.error(format!(
                "unknown qualifier {q:?} (expected about, more_than, less_than, up_to or at_least)"
            )))
            }
        };
        b.push(&row, row.field(0)?, false, q)?;
    }
    Ok(b.build())
}
