//! The records kept in a dossier tree: the commune (`ocop.toml`), producers and products.
//! Plain serde structs with snake_case keys; positions come from the loader, not here.

mod commune;
mod date;
mod keyed;
mod producer;
mod product;

pub use commune::{Commune, FORMAT_VERSION};
pub use date::{BAD_DATE_MARKER, Date};
pub(crate) use keyed::keyed_enum;
pub use producer::{Guidance, GuidanceTopic, Producer, ProducerKind};
pub use product::{
    Certificate, EvaluationKind, Item, ItemStatus, ListedCertificate, Product, Review, Revocation, ScoreParts,
    SetSource, Stage, StageEntry,
};

use serde::{Deserialize, Serialize};
use std::fmt;

/// A record's id: its file name without `.toml`, a Vietnamese-aware slug.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Lets a map keyed by `Id` be searched with a `&str` (`producers.get("htx-a")`): the
/// derived order of `Id` is that of its string, as `Borrow` requires.
impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Self {
        Id(s.to_string())
    }
}
