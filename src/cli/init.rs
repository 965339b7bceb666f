//! `ocop init [DIR]`: create a new dossier tree from the bundled template.

use super::prompt::{Empty, Field, ask};
use super::{Env, Options, Outcome};
use crate::edit::Document;
use crate::edit::fields::Field as FieldDef;
use crate::error::UserError;
use crate::fields::Kind;
use crate::i18n::{Lang, LocalText, fmt};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::PathBuf;

/// The template tree (`data-template/`), embedded: (relative path, contents).
pub(super) const TEMPLATE: &[(&str, &str)] = &[
    ("ocop.toml", include_str!("../../data-template/ocop.toml")),
    ("README.md", include_str!("../../data-template/README.md")),
    (".gitignore", include_str!("../../data-template/.gitignore")),
    ("producers/.gitkeep", ""),
    ("products/.gitkeep", ""),
    ("evidence/.gitkeep", ""),
    ("templates/producer.toml", include_str!("../../data-template/templates/producer.toml")),
    ("templates/product.toml", include_str!("../../data-template/templates/product.toml")),
    ("templates/activity.toml", include_str!("../../data-template/templates/activity.toml")),
    ("plan.toml", include_str!("../../data-template/plan.toml")),
    ("activities/.gitkeep", ""),
    ("schema/commune.json", include_str!("../../data-template/schema/commune.json")),
    ("schema/producer.json", include_str!("../../data-template/schema/producer.json")),
    ("schema/product.json", include_str!("../../data-template/schema/product.json")),
    ("schema/plan.json", include_str!("../../data-template/schema/plan.json")),
    ("schema/activity.json", include_str!("../../data-template/schema/activity.json")),
];

/// The commune's keys `init` fills in ocop.toml, in the order it asks for them.
pub(super) const COMMUNE_KEYS: [&str; 6] = ["name", "province", "province_code", "commune_code", "office", "year"];

/// Create a new dossier tree (ocop.toml, producers/, products/, evidence/, templates/)
/// with comments in Vietnamese explaining every key. Never overwrites a file, and never
/// creates a tree inside another one. The commune's name, province, codes, office and
/// year come from the flags; on a terminal, `init` asks for the ones not given.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to create the tree in (default: the current folder).
    pub dir: Option<PathBuf>,
    /// The commune's name (`name` in ocop.toml), e.g. "xã An Sơn".
    #[arg(long)]
    pub name: Option<String>,
    /// The province or centrally run city.
    #[arg(long)]
    pub province: Option<String>,
    /// The province's code (QĐ 19/2025/QĐ-TTg), used in OCOP product codes.
    #[arg(long)]
    pub province_code: Option<String>,
    /// The commune's code (QĐ 19/2025/QĐ-TTg), used in OCOP product codes.
    #[arg(long)]
    pub commune_code: Option<String>,
    /// The office that runs the commune's OCOP programme.
    #[arg(long)]
    pub office: Option<String>,
    /// The plan year.
    #[arg(long, value_parser = clap::value_parser!(i64).range(1900..=2199))]
    pub year: Option<i64>,
    /// What kind of tree: a commune's (the default), or a province's, whose ocop.toml
    /// lists commune trees for the roll-up (see docs/province.md).
    #[arg(long, value_enum, default_value_t = TreeKind::Commune)]
    pub kind: TreeKind,
    /// With `--kind province`: a commune tree's folder to list (repeat for each); its
    /// name and code come from its ocop.toml. Without it, every commune tree found in
    /// the folders below is listed.
    #[arg(long = "commune", value_name = "PATH")]
    pub communes: Vec<PathBuf>,
}

/// The kind of tree `init` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TreeKind {
    Commune,
    Province,
}

impl Args {
    /// The value given on the command line for one of `COMMUNE_KEYS`.
    fn given(&self, key: &str) -> Option<String> {
        match key {
            "name" => self.name.clone(),
            "province" => self.province.clone(),
            "province_code" => self.province_code.clone(),
            "commune_code" => self.commune_code.clone(),
            "office" => self.office.clone(),
            "year" => self.year.map(|y| y.to_string()),
            _ => None,
        }
    }
}

/// The commune's fields `init` fills.
fn commune_fields() -> impl Iterator<Item = &'static FieldDef> {
    COMMUNE_KEYS.iter().filter_map(|k| crate::fields::find(Kind::Commune, k))
}

/// The template's ocop.toml with the fields' values set by `toml_edit` (a value checked
/// as the prompt and the flags check it), so the comments explaining every key stay.
pub(super) fn commune_text(fields: &[Field], lang: Lang) -> Result<String> {
    let template = TEMPLATE.iter().find(|(rel, _)| *rel == "ocop.toml").map_or("", |(_, t)| *t);
    let mut doc = Document::parse(template).context("template ocop.toml")?;
    for f in fields {
        if let Some(value) = f.typed(lang)? {
            doc.set(&f.def.keys(), value);
        }
    }
    Ok(doc.render())
}

/// The template's plan.toml, its `year` set to the commune's plan year when one was
/// given (already checked to be an integer), so the two files agree from the start.
pub(super) fn plan_text(year: Option<&str>) -> Result<String> {
    let template = TEMPLATE.iter().find(|(rel, _)| *rel == "plan.toml").map_or("", |(_, t)| *t);
    let Some(year) = year.and_then(|y| y.trim().parse::<i64>().ok()) else {
        return Ok(template.to_string());
    };
    let mut doc = Document::parse(template).context("template plan.toml")?;
    // The template's title names its year too ("… năm 2026 …"): it follows.
    let parsed: toml::Table = toml::from_str(template).context("template plan.toml")?;
    if let (Some(old), Some(title)) =
        (parsed.get("year").and_then(toml::Value::as_integer), parsed.get("title").and_then(toml::Value::as_str))
    {
        let title = title.replace(&format!("năm {old}"), &format!("năm {year}"));
        doc.set(&["title"], toml_edit::Value::from(title));
    }
    doc.set(&["year"], toml_edit::Value::from(year));
    Ok(doc.render())
}

pub(super) fn run(args: &Args, opts: &Options, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let lang = opts.lang(None);
    let dir = match &args.dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => env.current_dir.join(d),
        None => env.current_dir.clone(),
    };
    // Refuse before writing anything, so a refusal leaves the folder as it was. A tree
    // at or above the folder is refused too: a second tree inside it would hide its
    // records from the first.
    let nearest = dir.ancestors().find(|d| d.exists()).unwrap_or(&dir);
    if let Some(root) = crate::load::find_root(nearest)
        && !dir.join("ocop.toml").exists()
    {
        return Err(UserError::usage("init.inside", &[("root", &root.display().to_string().into())]).into());
    }
    if args.kind == TreeKind::Province {
        return province(args, opts, &dir, lang, out, err);
    }
    if !args.communes.is_empty() {
        return Err(UserError::usage("init.commune_needs_province", &[]).into());
    }
    let existing: Vec<String> =
        TEMPLATE.iter().filter(|(rel, _)| dir.join(rel).exists()).map(|(rel, _)| rel.to_string()).collect();
    if !existing.is_empty() {
        bail!(
            "{}",
            fmt(
                lang,
                "init.exists",
                &[("files", &LocalText::plain(existing.join(", "))), ("dir", &dir.display().to_string().into())]
            )
        );
    }
    let mut fields: Vec<Field> = commune_fields().map(|def| Field { def, value: args.given(&def.path) }).collect();
    if opts.interactive && fields.iter().any(|f| f.value.is_none()) {
        let stdin = std::io::stdin();
        ask(&mut fields, Empty::KeepsTemplate, lang, &mut stdin.lock(), err)?;
    }
    let commune = commune_text(&fields, lang)?;
    let year = fields.iter().find(|f| f.def.path == "year").and_then(|f| f.value.as_deref());
    let plan = plan_text(year)?;
    for (rel, text) in TEMPLATE {
        let path = dir.join(rel);
        let text = match *rel {
            "ocop.toml" => commune.as_str(),
            "plan.toml" => plan.as_str(),
            _ => text,
        };
        crate::edit::write::create_output(&path, text.as_bytes()).map_err(|e| super::records::write_error(e, &path))?;
    }
    writeln!(out, "{}", crate::safe::terminal(&fmt(lang, "init.done", &[("dir", &dir.display().to_string().into())])))?;
    Ok(Outcome::Clean)
}

/// `init --kind province`: the province's `ocop.toml`, listing the communes given or
/// found below, each with its own name and code; then the file's own problems (two
/// communes with one code, …) on stderr, as `check` would show them.
fn province(
    args: &Args,
    opts: &Options,
    dir: &std::path::Path,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    use crate::province::new::{self, NotCommune};
    let file = dir.join(crate::load::COMMUNE_FILE);
    if file.exists() {
        let args = [("files", &LocalText::plain("ocop.toml")), ("dir", &dir.display().to_string().into())];
        bail!("{}", fmt(lang, "init.exists", &args));
    }
    // Flags a commune's tree takes and a province's has no key for.
    if args.commune_code.is_some() || args.year.is_some() {
        return Err(UserError::usage("init.province_flags", &[]).into());
    }
    let Some(name) = args.name.clone().or_else(|| args.province.clone()) else {
        return Err(UserError::usage("init.province_name", &[]).into());
    };
    let communes = if args.communes.is_empty() {
        new::discover(dir)
    } else {
        new::given(dir, &args.communes).map_err(|e| {
            let (key, path) = match e {
                NotCommune::Outside(p) => ("init.commune_outside", p),
                NotCommune::NoFile(p) => ("init.commune_no_file", p),
                NotCommune::NotACommune(p) => ("init.commune_not_a_commune", p),
            };
            UserError::usage(
                key,
                &[("path", &path.display().to_string().into()), ("dir", &dir.display().to_string().into())],
            )
        })?
    };
    let header = new::Header { name, code: args.province_code.clone(), office: args.office.clone() };
    let text = new::text(&header, &communes, lang);
    crate::edit::write::create_output(&file, text.as_bytes()).map_err(|e| super::records::write_error(e, &file))?;
    let style = opts.style(None);
    if args.communes.is_empty() {
        for path in new::submodules_left_out(dir, &communes) {
            writeln!(
                err,
                "{}",
                crate::safe::terminal(&fmt(lang, "init.submodule_left_out", &[("path", &path.into())]))
            )?;
        }
    }
    for c in communes.iter().filter(|c| c.code.is_none()) {
        let line =
            fmt(lang, "init.commune_no_code", &[("path", &c.path.as_str().into()), ("name", &c.name.as_str().into())]);
        writeln!(err, "{}", crate::safe::terminal(&line))?;
    }
    crate::render::diagnostics::human(err, &crate::province::file_diagnostics(dir), style)?;
    let list: Vec<String> = communes.iter().map(|c| format!("{} ({})", c.name, c.path)).collect();
    let args = [("dir", &dir.display().to_string().into()), ("communes", &list.join(", ").into())];
    let line = if communes.is_empty() {
        fmt(lang, "init.province_none", &args)
    } else {
        crate::i18n::fmt_count(lang, "init.province_done", communes.len() as u64, &args)
    };
    writeln!(out, "{}", crate::safe::terminal(&line))?;
    Ok(Outcome::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &str, value: Option<&str>) -> Field {
        Field { def: crate::fields::find(Kind::Commune, key).expect("a commune field"), value: value.map(String::from) }
    }

    #[test]
    fn values_are_set_and_comments_kept() {
        let text =
            commune_text(&[field("name", Some("xã An Sơn")), field("year", Some("2027"))], Lang::Vi).expect("filled");
        assert!(text.contains("name = \"xã An Sơn\""), "{text}");
        assert!(text.contains("year = 2027"), "{text}");
        assert!(text.contains("# Tên xã (bắt buộc)."), "{text}");
        assert!(commune_text(&[field("year", Some("năm nay"))], Lang::Vi).is_err());
        let plan = plan_text(Some("2027")).expect("plan");
        assert!(plan.contains("\nyear = 2027\n"), "{plan}");
        assert!(!plan.contains("year = 2026") && !plan.contains("năm 2026"), "{plan}");
        assert!(plan.contains("năm 2027 trên địa bàn xã\""), "{plan}");
        assert_eq!(plan.lines().count(), plan_text(None).expect("plan").lines().count(), "only the year changes");
    }

    #[test]
    fn asks_for_what_is_missing_and_keeps_the_template_on_empty() {
        let mut fields: Vec<Field> = commune_fields().map(|def| Field { def, value: None }).collect();
        fields[0].value = Some("xã An Sơn".into());
        // `hai` and 1800 are no plan year: told why, and asked again, as `new` does.
        let mut input = std::io::Cursor::new("Thanh Hóa\n38\n\n\nhai\n1800\n2027\n");
        let mut err = Vec::new();
        ask(&mut fields, Empty::KeepsTemplate, Lang::Vi, &mut input, &mut err).expect("answered");
        let got: Vec<_> = fields.iter().filter_map(|f| Some((f.def.path.as_str(), f.value.as_deref()?))).collect();
        assert_eq!(got, [("name", "xã An Sơn"), ("province", "Thanh Hóa"), ("province_code", "38"), ("year", "2027")]);
        let asked = String::from_utf8(err).expect("utf-8");
        assert!(asked.contains("Năm kế hoạch (1900-2199)"), "{asked}");
        assert!(asked.contains("giá trị `hai` của `year` không hợp lệ: cần"), "{asked}");
        assert!(asked.contains("giá trị `1800` của `year` không hợp lệ: cần"), "{asked}");
        assert!(commune_text(&[field("year", Some("1800"))], Lang::Vi).is_err(), "the same bounds as a flag");
        // `--year` takes the model's bounds, as the question does.
        let year = field("year", None).def;
        let (min, max) = (year.min.expect("min"), year.max.expect("max"));
        for y in [min - 1, min, max, max + 1] {
            let parsed =
                <super::super::Cli as clap::Parser>::try_parse_from(["ocop", "init", "--year", &y.to_string()]);
            assert_eq!(parsed.is_ok(), (min..=max).contains(&y), "--year {y}");
        }
    }
}
