//! The records one edit needs, read without the rest of the tree: the record itself, the
//! producer a product names, the commune file and the rules. An edit then costs the same
//! on a national tree as on a commune's (issue 8), while `load` stays the one way to read
//! a whole tree.

use super::{
    COMMUNE_FILE, Catalog, Inside, PRODUCERS_DIR, PRODUCTS_DIR, Record, is_hidden, keys_producer, keys_product,
    load_commune, parse_file, relative,
};
use crate::model::{Id, Producer, Product};
use crate::rules::load_rule_files;
use crate::text::is_slug;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The catalog an edit of the record `name` (an id, or a path such as
/// `products/<id>.toml`) needs: that product or producer, and a product's producer, each
/// read from its usual place (`products/<id>.toml`, `producers/<id>.toml`); a file that
/// does not parse is listed as broken, as `load` lists it.
///
/// None when `name` does not lead to exactly one such file, or a product's producer is
/// not at its usual place, or a file is a link out of the tree: then the caller loads the
/// whole tree, so what it reports (not found, ambiguous, a suggestion from every id, an
/// unknown producer) is what it always reported. Activities are always read with the
/// whole tree: their checks compare them with each other (the running money total).
pub fn around(root: &Path, name: &str) -> Option<Catalog> {
    if !root.join(COMMUNE_FILE).is_file() {
        return None;
    }
    let inside = Inside::new(root);
    let (dir, id) = named(root, name)?;
    let mut ignored = Vec::new();
    let mut catalog = Catalog {
        root: root.to_path_buf(),
        commune: load_commune(root, &mut ignored),
        producers: BTreeMap::new(),
        products: BTreeMap::new(),
        rules: load_rule_files(root, &mut ignored),
        broken: BTreeSet::new(),
        positions: crate::load::Positions::Wanted,
    };
    let usual = |dir: &str, id: &str| -> Option<PathBuf> {
        let path = root.join(dir).join(format!("{id}.toml"));
        (is_slug(id) && path.is_file() && inside.contains(&path)).then_some(path)
    };
    let path = usual(dir, &id)?;
    if dir == PRODUCTS_DIR {
        let Some((source, value)) = parse_file::<Product>(root, &path, &keys_product, &mut ignored) else {
            catalog.broken.insert(relative(root, &path));
            return Some(catalog);
        };
        let producer = value.producer.clone();
        catalog.products.insert(Id(id.clone()), Record { id: Id(id), source, value });
        let path = usual(PRODUCERS_DIR, &producer)?;
        match parse_file::<Producer>(root, &path, &keys_producer, &mut ignored) {
            Some((source, value)) => {
                catalog.producers.insert(Id(producer.clone()), Record { id: Id(producer), source, value });
            }
            None => {
                catalog.broken.insert(relative(root, &path));
            }
        }
    } else {
        match parse_file::<Producer>(root, &path, &keys_producer, &mut ignored) {
            Some((source, value)) => {
                catalog.producers.insert(Id(id.clone()), Record { id: Id(id), source, value });
            }
            None => {
                catalog.broken.insert(relative(root, &path));
            }
        }
    }
    Some(catalog)
}

/// The folder and id `name` names, as `find::record` reads it: a path into `products/` or
/// `producers/`, or an id whose file is in exactly one of the record folders.
fn named(root: &Path, name: &str) -> Option<(&'static str, String)> {
    let as_path = Path::new(name);
    let dirs = [PRODUCTS_DIR, PRODUCERS_DIR, crate::plan::ACTIVITIES_DIR];
    for dir in dirs {
        let in_dir = as_path.parent().and_then(|p| p.file_name()).is_some_and(|d| d == dir);
        if in_dir && as_path.extension().is_some_and(|e| e == "toml") {
            let stem = as_path.file_stem()?.to_str()?;
            return (dir != crate::plan::ACTIVITIES_DIR).then(|| (dir, stem.to_string()));
        }
    }
    if name.is_empty() || is_hidden(as_path.as_os_str()) || name.contains(['/', '\\']) {
        return None;
    }
    let found: Vec<&str> = dirs.into_iter().filter(|d| root.join(d).join(format!("{name}.toml")).is_file()).collect();
    match found.as_slice() {
        [dir] if *dir != crate::plan::ACTIVITIES_DIR => Some((dir, name.to_string())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/viet-khe")
    }

    #[test]
    fn a_product_comes_with_its_producer_only() {
        let c = around(&example(), "mat-ong-an-son").expect("found");
        assert_eq!(c.products.keys().map(|i| i.as_str()).collect::<Vec<_>>(), ["mat-ong-an-son"]);
        assert_eq!(c.producers.len(), 1);
        assert!(c.commune.is_some() && !c.rules.sets.is_empty());
        let by_path = around(&example(), "products/mat-ong-an-son.toml").expect("by path");
        assert_eq!(by_path.products.len(), 1);
    }

    #[test]
    fn what_is_not_found_at_its_place_is_left_to_the_whole_tree() {
        assert!(around(&example(), "mat-ong-an-sn").is_none(), "a typo gets its suggestion from every id");
        assert!(around(&example(), "2026-09-12-hoi-cho-nong-san").is_none(), "activities");
        assert!(around(&example(), "products/nope.toml").is_none());
        assert!(around(Path::new("/nonexistent-ocop-tree"), "x").is_none());
    }

    #[test]
    fn the_same_as_the_whole_tree_for_that_record() {
        let whole = super::super::load(&example()).catalog;
        let c = around(&example(), "htx-an-son").expect("producer");
        let id = Id::from("htx-an-son");
        assert_eq!(c.producers[&id].source.text, whole.producers[&id].source.text);
    }
}
