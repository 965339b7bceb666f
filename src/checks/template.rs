//! Checks on what a template leaves for the officer to fill: placeholder values, and
//! `target_stars` outside the 3–5 stars a product can aim for.

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::load::SourceFile;
use crate::path;

/// The placeholder values of the bundled templates (ocop.toml, producer, product), by
/// key. A value still equal to one of them was never filled in.
pub(super) const PLACEHOLDERS: &[(&str, &str)] = &[
    ("name", "Tên xã"),
    ("province", "Tên tỉnh/thành phố"),
    ("name", "Tên chủ thể"),
    ("name", "Tên sản phẩm"),
    ("producer", "ma-chu-the"),
];

fn is_placeholder(key: &str, value: &str) -> bool {
    PLACEHOLDERS.iter().any(|(k, v)| *k == key && *v == value.trim())
}

fn placeholder(source: &SourceFile, key: &'static str, value: &str, out: &mut Vec<Diagnostic>) {
    if is_placeholder(key, value) {
        out.push(
            Diagnostic::new(Code::TemplatePlaceholder, source.path.clone())
                .at(source.locate(&path![key]))
                .arg("key", key)
                .arg("value", value.trim()),
        );
    }
}

/// W081: ocop.toml holds no placeholder value from a template.
pub(super) fn commune_placeholders(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(rec) = &ctx.catalog.commune {
        placeholder(&rec.source, "name", &rec.value.name, out);
        if let Some(province) = &rec.value.province {
            placeholder(&rec.source, "province", province, out);
        }
    }
}

/// W081: producers and products hold no placeholder value from a template.
pub(super) fn placeholders(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.producers() {
        placeholder(&rec.source, "name", &rec.value.name, out);
    }
    for rec in ctx.products() {
        placeholder(&rec.source, "name", &rec.value.name, out);
        placeholder(&rec.source, "producer", rec.value.producer.as_str(), out);
    }
}

/// E080: `target_stars`, when given, is 3, 4 or 5.
pub(super) fn target_stars(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for rec in ctx.products() {
        if let Some(stars) = rec.value.target_stars.filter(|s| !(3..=5).contains(s)) {
            out.push(
                Diagnostic::new(Code::TargetStarsOutOfRange, rec.source.path.clone())
                    .at(rec.source.locate(&path!["target_stars"]))
                    .arg("stars", stars.to_string()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_placeholders_are_known() {
        let commune = include_str!("../../data-template/ocop.toml");
        let producer = include_str!("../../data-template/templates/producer.toml");
        let product = include_str!("../../data-template/templates/product.toml");
        for (key, value) in PLACEHOLDERS {
            let line = format!("{key} = \"{value}\"");
            assert!(
                [commune, producer, product].iter().any(|t| t.lines().any(|l| l == line)),
                "{line} is in no template"
            );
        }
        assert!(is_placeholder("name", " Tên xã "));
        assert!(!is_placeholder("name", "xã An Sơn"));
        assert!(!is_placeholder("producer", "Tên xã"));
    }
}
