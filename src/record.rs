//! The records the extractor emits, in the shape of the evaluation format
//! (`{"id", "lang", "entities", "facts", "topics", "keyphrases"}`).
//!
//! All records are plain owned serde structs. Offsets are UTF-8 byte offsets
//! into the text given to [`Extractor::extract`](crate::Extractor::extract),
//! end exclusive, and `&text[start..end] == text` always holds for each record.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A document language the extractor understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The ISO 639-1 code: `fr` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    /// Accepts `fr`, `en` and regional tags such as `fr-CA` or `en_GB`.
    fn from_str(s: &str) -> Result<Lang, String> {
        let base = s
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match base.as_str() {
            "fr" | "fra" | "fre" | "french" => Ok(Lang::Fr),
            "en" | "eng" | "english" => Ok(Lang::En),
            _ => Err(format!("unsupported language {s:?} (expected fr or en)")),
        }
    }
}

/// What one input document yields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Document {
    /// The caller's id for the document, if any.
    pub id: Option<String>,
    /// The language the document was read as (given or detected).
    pub lang: Option<Lang>,
    /// Entity mentions, sorted by start offset, never overlapping.
    pub entities: Vec<Entity>,
    /// Numeric facts, sorted by start offset.
    pub facts: Vec<Fact>,
    /// Topics, highest score first.
    pub topics: Vec<TopicScore>,
    /// Key phrases, highest score first, at most 10.
    #[serde(default)]
    pub keyphrases: Vec<Keyphrase>,
}

/// Kind of a named entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A business.
    Company,
    /// Institutions, agencies, international bodies, forums, universities.
    Organization,
    /// A sovereign state or territory.
    Country,
    /// Cities, regions, continents and other places.
    Location,
    /// A person.
    Person,
}

impl EntityKind {
    /// All kinds, in declaration order.
    pub const ALL: [EntityKind; 5] = [
        EntityKind::Company,
        EntityKind::Organization,
        EntityKind::Country,
        EntityKind::Location,
        EntityKind::Person,
    ];

    /// The lower-case name used in records and data files.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Company => "company",
            EntityKind::Organization => "organization",
            EntityKind::Country => "country",
            EntityKind::Location => "location",
            EntityKind::Person => "person",
        }
    }
}

impl FromStr for EntityKind {
    type Err = String;
    fn from_str(s: &str) -> Result<EntityKind, String> {
        EntityKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown entity kind {s:?} (expected company, organization, country, location or person)"
                )
            })
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named entity mention linked to a canonical record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Entity {
    /// First byte of the mention.
    pub start: usize,
    /// One past the last byte of the mention.
    pub end: usize,
    /// The mention as written: `&text[start..end]`.
    pub text: String,
    /// The entity's kind.
    pub kind: EntityKind,
    /// Canonical English name (`China` for `Chine`).
    pub name: String,
    /// Stable identifier, the same across runs and languages (`country:CN`).
    pub id: String,
}

/// Kind of a numeric fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// An amount of money; `unit` is an ISO 4217 code.
    Money,
    /// A percentage (`unit` `%`) or percentage points (`unit` `pp`).
    Percent,
    /// A number with a physical or computing unit (`MW`, `TWh`, `km`…).
    Quantity,
    /// A bare cardinal number.
    Number,
}

// The `as_str` names below are the serde names (a test checks they agree):
// the Arrow tables and the Python bindings write them per record, where a
// serde round trip per value would cost more than the match.

impl FactKind {
    /// The snake_case name used in records: `money`, `percent`, `quantity`, `number`.
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Money => "money",
            FactKind::Percent => "percent",
            FactKind::Quantity => "quantity",
            FactKind::Number => "number",
        }
    }
}

/// How a figure is hedged in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// environ, près de, around, nearly, ~
    About,
    /// plus de, over, more than, above
    MoreThan,
    /// moins de, under, below
    LessThan,
    /// jusqu'à, up to
    UpTo,
    /// au moins, at least
    AtLeast,
}

impl Qualifier {
    /// The snake_case name used in records: `about`, `more_than`…
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::About => "about",
            Qualifier::MoreThan => "more_than",
            Qualifier::LessThan => "less_than",
            Qualifier::UpTo => "up_to",
            Qualifier::AtLeast => "at_least",
        }
    }
}

/// What a figure measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Predicate {
    Investment,
    Funding,
    Acquisition,
    Revenue,
    Profit,
    Valuation,
    MarketShare,
    Growth,
    Spending,
    Capacity,
    Price,
    Workforce,
    Other,
}

impl Predicate {
    /// All predicates, in declaration order.
    pub const ALL: [Predicate; 13] = [
        Predicate::Investment,
        Predicate::Funding,
        Predicate::Acquisition,
        Predicate::Revenue,
        Predicate::Profit,
        Predicate::Valuation,
        Predicate::MarketShare,
        Predicate::Growth,
        Predicate::Spending,
        Predicate::Capacity,
        Predicate::Price,
        Predicate::Workforce,
        Predicate::Other,
    ];

    /// The snake_case name used in records: `investment`, `market_share`…
    pub fn as_str(self) -> &'static str {
        match self {
            Predicate::Investment => "investment",
            Predicate::Funding => "funding",
            Predicate::Acquisition => "acquisition",
            Predicate::Revenue => "revenue",
            Predicate::Profit => "profit",
            Predicate::Valuation => "valuation",
            Predicate::MarketShare => "market_share",
            Predicate::Growth => "growth",
            Predicate::Spending => "spending",
            Predicate::Capacity => "capacity",
            Predicate::Price => "price",
            Predicate::Workforce => "workforce",
            Predicate::Other => "other",
        }
    }
}

impl FromStr for Predicate {
    type Err = String;
    /// Parses the snake_case name (`market_share`).
    fn from_str(s: &str) -> Result<Predicate, String> {
        Predicate::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| format!("unknown predicate {s:?}"))
    }
}

/// A numeric fact: an amount, a percentage or a quantity, fully scaled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Fact {
    /// First byte of the figure (qualifier words excluded).
    pub start: usize,
    /// One past the last byte of the figure.
    pub end: usize,
    /// The figure as written: `&text[start..end]`.
    pub text: String,
    /// Money, percent, quantity or number.
    pub kind: FactKind,
    /// The value fully scaled (`2,5 milliards` → 2500000000). Always finite.
    pub value: f64,
    /// ISO 4217 code for money, `%` or `pp` for percent, the unit symbol for
    /// quantities, `None` for bare numbers.
    pub unit: Option<String>,
    /// How the figure is hedged, if it is.
    pub qualifier: Option<Qualifier>,
    /// Canonical name of the entity the figure belongs to.
    pub subject: Option<String>,
    /// Stable id of the subject entity.
    pub subject_id: Option<String>,
    /// What the figure measures.
    pub predicate: Option<Predicate>,
    /// The year the figure refers to.
    pub year: Option<i32>,
    /// Index (in this document's `facts`) of the fact this one restates in
    /// another unit: `S$1 000 millions (environ 786 millions de dollars)`.
    pub equivalent_of: Option<usize>,
    /// Index of the earlier value this one changes from:
    /// `passer de 66 % en 2024 à environ 8 %`.
    pub change_from: Option<usize>,
    /// Index of the other bound when the figure is one end of a range.
    pub range_with: Option<usize>,
}

impl Fact {
    /// A fact with no attributes; the numbers stage fills the rest.
    pub fn new(start: usize, end: usize, text: &str, kind: FactKind, value: f64) -> Fact {
        Fact {
            start,
            end,
            text: text.to_string(),
            kind,
            value,
            unit: None,
            qualifier: None,
            subject: None,
            subject_id: None,
            predicate: None,
            year: None,
            equivalent_of: None,
            change_from: None,
            range_with: None,
        }
    }
}

/// A topic of the taxonomy and how strongly the document is about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TopicScore {
    /// Topic id (`ai`, `semiconductors`…).
    pub id: String,
    /// In [0, 1]; 0.5 and above means "the document is about this".
    pub score: f64,
}

/// A key phrase of the document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Keyphrase {
    /// The phrase as written in the text.
    pub text: String,
    /// In [0, 1], higher is more important.
    pub score: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_serialize_snake_case() {
        assert_eq!(
            serde_json::to_string(&Predicate::MarketShare).unwrap(),
            "\"market_share\""
        );
        assert_eq!(
            serde_json::to_string(&Qualifier::MoreThan).unwrap(),
            "\"more_than\""
        );
        assert_eq!(
            serde_json::to_string(&EntityKind::Organization).unwrap(),
            "\"organization\""
        );
        assert_eq!(serde_json::to_string(&Lang::Fr).unwrap(), "\"fr\"");
    }

    #[test]
    fn names_are_the_serde_names() {
        let json = |v: serde_json::Value| v.as_str().unwrap().to_string();
        use FactKind::*;
        for k in [Money, Percent, Quantity, Number] {
            assert_eq!(k.as_str(), json(serde_json::to_value(k).unwrap()));
        }
        use Qualifier::*;
        for q in [About, MoreThan, LessThan, UpTo, AtLeast] {
            assert_eq!(q.as_str(), json(serde_json::to_value(q).unwrap()));
        }
        use Predicate::*;
        for p in [
            Investment,
            Funding,
            Acquisition,
            Revenue,
            Profit,
            Valuation,
            MarketShare,
            Growth,
            Spending,
            Capacity,
            Price,
            Workforce,
            Other,
        ] {
            assert_eq!(p.as_str(), json(serde_json::to_value(p).unwrap()));
        }
        for k in EntityKind::ALL {
            assert_eq!(k.as_str(), json(serde_json::to_value(k).unwrap()));
        }
        for l in [Lang::Fr, Lang::En] {
            assert_eq!(l.code(), json(serde_json::to_value(l).unwrap()));
        }
    }

    #[test]
    fn parse_lang_and_kind() {
        assert_eq!("fr-CA".parse::<Lang>(), Ok(Lang::Fr));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert!("de".parse::<Lang>().is_err());
        assert_eq!("person".parse::<EntityKind>(), Ok(EntityKind::Person));
        assert!("city"
            .parse::<EntityKind>()
            .unwrap_err()
            .contains("unknown entity kind"));
    }

    #[test]
    fn predicate_names_round_trip_and_match_serde() {
        for p in Predicate::ALL {
            assert_eq!(p.as_str().parse::<Predicate>(), Ok(p));
            assert_eq!(
                serde_json::to_string(&p).unwrap(),
                format!("\"{}\"", p.as_str())
            );
        }
        assert!("market share".parse::<Predicate>().is_err());
    }

    #[test]
    fn empty_document_has_all_arrays() {
        let v = serde_json::to_value(Document::default()).unwrap();
        for key in ["entities", "facts", "topics", "keyphrases"] {
            assert!(v[key].as_array().unwrap().is_empty(), "{key} missing");
        }
    }
}
