//! Finding the record a person names on the command line: a product or producer id,
//! its file's path (`products/mat-ong-an-son.toml`), or, where a command allows it, part
//! of its name with or without diacritics. One finder for `show`, `set` and `edit`.

use crate::edit::RecordKind;
use crate::error::UserError;
use crate::i18n::LocalText;
use crate::load::Catalog;
use crate::model::Id;
use crate::text::{did_you_mean, matches};
use std::path::Path;

/// How much of a name may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// An id or a path only (commands that write).
    IdOrPath,
    /// Also part of a name (commands that read).
    IdPathOrName,
}

/// The record `name` names. A file that exists but does not parse is still found by id
/// or path (its kind and id), so the command can say where it is broken.
pub fn record(catalog: &Catalog, name: &str, by: By) -> Result<(RecordKind, Id), UserError> {
    let as_path = Path::new(name);
    // Activities are found by commands that write (`set`, `edit`), by id or path.
    let kinds: &[RecordKind] = match by {
        By::IdOrPath => &[RecordKind::Product, RecordKind::Producer, RecordKind::Activity],
        By::IdPathOrName => &[RecordKind::Product, RecordKind::Producer],
    };
    for &kind in kinds {
        let in_dir = as_path.parent().and_then(|p| p.file_name()).is_some_and(|d| d == kind.dir());
        if in_dir
            && as_path.extension().is_some_and(|e| e == "toml")
            && let Some(stem) = as_path.file_stem()
        {
            return Ok((kind, Id(stem.to_string_lossy().into_owned())));
        }
    }
    let known = |kind: RecordKind| match kind {
        RecordKind::Product => catalog.products.contains_key(name),
        RecordKind::Producer => catalog.producers.contains_key(name),
        RecordKind::Activity | RecordKind::Plan => false,
    };
    let exists = |kind: &&RecordKind| known(**kind) || catalog.root.join(kind.rel_path(name)).is_file();
    match kinds.iter().filter(exists).collect::<Vec<_>>().as_slice() {
        [one] => return Ok((**one, Id::from(name))),
        [] => {}
        _ => return Err(UserError::usage("editing.ambiguous", &[("name", &name.into())])),
    }
    if by == By::IdPathOrName {
        let products: Vec<&Id> =
            catalog.products.values().filter(|r| matches(&r.value.name, name)).map(|r| &r.id).collect();
        let producers: Vec<&Id> =
            catalog.producers.values().filter(|r| matches(&r.value.name, name)).map(|r| &r.id).collect();
        match (products.as_slice(), producers.as_slice()) {
            ([one], []) => return Ok((RecordKind::Product, (*one).clone())),
            ([], [one]) => return Ok((RecordKind::Producer, (*one).clone())),
            ([], []) => {}
            _ => {
                let ids: Vec<&str> = products.iter().chain(&producers).map(|id| id.as_str()).collect();
                return Err(UserError::usage(
                    "show.ambiguous",
                    &[("name", &name.into()), ("ids", &LocalText::plain(ids.join(", ")))],
                ));
            }
        }
    }
    let ids = catalog.products.keys().chain(catalog.producers.keys()).map(|id| id.as_str());
    let hint = did_you_mean(name, ids).map(|s| UserError::usage("show.did_you_mean", &[("name", &s.into())]));
    let key = if by == By::IdOrPath { "editing.not_found" } else { "show.not_found" };
    Err(UserError::usage(key, &[("name", &name.into())]).with_suffix(hint))
}

/// The product `name` names (an id or a path); a producer is refused.
pub fn product(catalog: &Catalog, name: &str) -> Result<Id, UserError> {
    match record(catalog, name, By::IdOrPath)? {
        (RecordKind::Product, id) => Ok(id),
        _ => Err(UserError::usage("history.not_a_product", &[("name", &name.into())])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn catalog() -> Catalog {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/viet-khe");
        crate::load::load(&root).catalog
    }

    #[test]
    fn by_id_path_and_name() {
        let c = catalog();
        let product = (RecordKind::Product, Id::from("mat-ong-an-son"));
        assert_eq!(record(&c, "mat-ong-an-son", By::IdOrPath).expect("id"), product);
        assert_eq!(record(&c, "products/mat-ong-an-son.toml", By::IdOrPath).expect("path"), product);
        assert_eq!(record(&c, "mat ong", By::IdPathOrName).expect("name"), product);
        assert!(record(&c, "mat ong", By::IdOrPath).is_err(), "writers need an id");
        assert_eq!(record(&c, "htx-an-son", By::IdOrPath).expect("producer").0, RecordKind::Producer);
        // Activities: for commands that write, by id or path.
        let activity = (RecordKind::Activity, Id::from("2026-09-12-hoi-cho-nong-san"));
        assert_eq!(record(&c, "2026-09-12-hoi-cho-nong-san", By::IdOrPath).expect("activity"), activity);
        assert_eq!(record(&c, "activities/2026-09-12-hoi-cho-nong-san.toml", By::IdOrPath).expect("path"), activity);
        assert!(record(&c, "2026-09-12-hoi-cho-nong-san", By::IdPathOrName).is_err(), "show has no activity view");
    }

    #[test]
    fn not_found_suggests_a_close_id() {
        let e = record(&catalog(), "mat-ong-an-sn", By::IdOrPath).expect_err("typo");
        let text = e.message(Lang::En);
        assert!(text.contains("mat-ong-an-son"), "{text}");
        assert_eq!(e.exit_code(), 2);
    }
}
