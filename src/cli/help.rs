//! Help, usage errors, the man page and the bare `ocop` overview in the officer's
//! language: the clap tree is translated from the catalogue (`[help]` in `locales/`)
//! before parsing, and clap's errors are rendered here from their kind and context.

use super::{Cli, Env};
use crate::i18n::{Lang, fmt, lookup, tr};
use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, CommandFactory};
use std::ffi::OsString;
use std::path::Path;
use std::sync::OnceLock;

/// The global flags that take a value (`--root DIR`, `-x VALUE`), read from the clap
/// command itself, so every scanner of the command line before parsing (`lang_for`,
/// `is_bare`, `topics`) skips a new one's value too.
fn global_value_flags() -> &'static [String] {
    static FLAGS: OnceLock<Vec<String>> = OnceLock::new();
    FLAGS.get_or_init(|| {
        let cmd = Cli::command();
        let value_flags = cmd.get_arguments().filter(|a| a.is_global_set() && a.get_action().takes_values());
        value_flags
            .flat_map(|a| {
                let long = a.get_long().map(|l| format!("--{l}"));
                long.into_iter().chain(a.get_short().map(|c| format!("-{c}")))
            })
            .collect()
    })
}

/// True when `arg` is a global flag whose value is the next argument.
pub(super) fn takes_value(arg: &str) -> bool {
    global_value_flags().iter().any(|f| f == arg)
}

/// True when `arg` is a global flag with its value joined by `=` (`--lang=en`).
fn with_value(arg: &str) -> bool {
    global_value_flags().iter().any(|f| arg.strip_prefix(f.as_str()).is_some_and(|v| v.starts_with('=')))
}

/// The language of help and usage errors, known before parsing: `--lang`, else the
/// tree's `language` (from `--root` or the current folder), else `$LC_ALL`/`$LANG`
/// (`vi…` is Vietnamese, another language English), else Vietnamese.
pub fn lang_for(args: &[OsString], env: &Env) -> Lang {
    let flag = |name: &str| flag_value(args, name);
    let lang_arg = flag("--lang").and_then(|v| match v.as_str() {
        "vi" => Some(Lang::Vi),
        "en" => Some(Lang::En),
        _ => None,
    });
    let root = match flag("--root") {
        Some(r) => Some(env.current_dir.join(r)),
        None => crate::load::find_root(&env.current_dir),
    };
    lang_of(lang_arg, root.as_deref(), env)
}

/// The help language from what is known: the `--lang` given, the tree's root.
pub fn lang_of(lang_arg: Option<Lang>, root: Option<&Path>, env: &Env) -> Lang {
    lang_arg
        .or_else(|| root.and_then(crate::load::commune_language))
        .or_else(|| env.locale.as_deref().and_then(locale_lang))
        .unwrap_or_default()
}

/// `vi_VN.UTF-8` is Vietnamese, `en_US.UTF-8` English; `C` and `POSIX` say nothing.
fn locale_lang(locale: &str) -> Option<Lang> {
    let locale = locale.trim();
    if locale.is_empty() || locale == "POSIX" || locale == "C" || locale.starts_with("C.") {
        None
    } else if locale.to_ascii_lowercase().starts_with("vi") {
        Some(Lang::Vi)
    } else {
        Some(Lang::En)
    }
}

/// The value of `--name VALUE` or `--name=VALUE`, the last one given.
fn flag_value(args: &[OsString], name: &str) -> Option<String> {
    let args: Vec<String> = args.iter().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    let mut found = None;
    for (i, a) in args.iter().enumerate() {
        if a == "--" {
            break;
        }
        if a == name {
            found = args.get(i + 1).cloned();
        } else if let Some(v) = a.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
            found = Some(v.to_string());
        }
    }
    found
}

/// True when the arguments name no command (global flags at most): `ocop` alone.
pub fn is_bare(args: &[OsString]) -> bool {
    let mut rest = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = rest.next() {
        if takes_value(&a) {
            rest.next();
        } else if !with_value(&a) {
            return false;
        }
    }
    true
}

/// The short overview `ocop` alone prints.
pub fn overview(lang: Lang) -> String {
    format!("{}\n", tr(lang, "help.overview").trim_end())
}

/// The catalogue key of a command's description: `help.about.ocop`, `help.about.new product`.
/// The `help` commands clap adds (`ocop help new product`, `ocop new help`) describe
/// the command they name, or say what `help` does.
pub fn about_key(path: &str) -> String {
    let words: Vec<&str> = path.split_whitespace().collect();
    if words.last() == Some(&"help") {
        return "help.word.help_command".into();
    }
    let path = words.into_iter().filter(|w| *w != "help").collect::<Vec<_>>().join(" ");
    format!("help.about.{}", if path.is_empty() { "ocop" } else { &path })
}

/// The catalogue key of an argument's description, `None` for the ones clap adds
/// (`--help`, `--version`) and the fields of `new` (keyed by field, see `field_help`).
pub fn arg_key(path: &str, a: &Arg) -> String {
    let name = match a.get_long() {
        Some(long) => format!("--{long}"),
        None => format!("<{}>", a.get_id()),
    };
    match a.get_id().as_str() {
        "help" if a.get_long() == Some("help") => "help.word.help_flag".into(),
        "version" if a.get_long() == Some("version") => "help.word.version_flag".into(),
        _ if a.is_global_set() => format!("help.arg.{name}"),
        _ => match field_of(path, a) {
            Some(f) => f.help_key(),
            None if path.is_empty() => format!("help.arg.{name}"),
            None => format!("help.arg.{path} {name}"),
        },
    }
}

/// The model field a flag of `new KIND` or `plan target|milestone add` sets.
fn field_of(path: &str, a: &Arg) -> Option<&'static crate::fields::Field> {
    let id = a.get_id().as_str();
    if let Some(entry) = super::plan::entry_of(path) {
        return crate::fields::entry_fields(crate::fields::Kind::Plan, entry).iter().find(|f| f.path == id);
    }
    let kind = crate::fields::Kind::ALL.into_iter().find(|k| path == format!("new {}", k.name()))?;
    crate::fields::find(kind, id)
}

/// The translated text of `key`; without one, the English text clap has (the help
/// tree test fails on that).
fn text(lang: Lang, key: &str) -> Option<&'static str> {
    lookup(lang, key).filter(|s| !s.trim().is_empty())
}

/// Splits a description into its first paragraph (short help) and the whole (long
/// help, only when there is more than one paragraph).
fn short_long(s: &str) -> (String, Option<String>) {
    let s = s.trim();
    match s.split_once("\n\n") {
        Some((first, _)) => (first.trim().to_string(), Some(s.to_string())),
        None => (s.to_string(), None),
    }
}

/// The whole clap tree with every description, heading and template word in `lang`.
pub fn command(lang: Lang) -> clap::Command {
    let mut cmd = Cli::command();
    cmd.build();
    translate(cmd, "", lang)
        .after_help(format!("{}\n", tr(lang, "help.topic.list").trim_end()))
        .mut_subcommand("plan", |s| s.after_help(format!("{}\n", tr(lang, "help.topic.plan_see"))))
}

fn translate(cmd: clap::Command, path: &str, lang: Lang) -> clap::Command {
    let usage = cmd.get_styles().get_usage();
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{usage}{}{usage:#} {{usage}}\n\n{{all-args}}{{after-help}}",
        tr(lang, "help.word.usage")
    );
    let mut cmd = cmd.help_template(template).subcommand_help_heading(tr(lang, "help.word.commands"));
    let key = about_key(path);
    if let Some(t) = text(lang, &key) {
        let (short, long) = short_long(t);
        cmd = cmd.about(short).long_about(resettable(long));
    }
    let required = tr(lang, "help.word.required");
    cmd = cmd.mut_args(|a| translate_arg(a, path, lang, required));
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let sub = if path.is_empty() { name.clone() } else { format!("{path} {name}") };
        cmd = cmd.mut_subcommand(&name, |s| translate(s, &sub, lang));
    }
    cmd
}

fn translate_arg(a: Arg, path: &str, lang: Lang, required: &str) -> Arg {
    let key = arg_key(path, &a);
    let heading = if a.is_positional() { "help.word.arguments" } else { "help.word.options" };
    let mut a = match a.get_help_heading() {
        Some(_) => a,
        None => a.help_heading(tr(lang, heading)),
    };
    let (mut short, mut long) = match text(lang, &key) {
        Some(t) => short_long(t),
        None => (a.get_help().map(|h| h.to_string()).unwrap_or_default(), a.get_long_help().map(|h| h.to_string())),
    };
    if field_of(path, &a).is_some_and(|f| f.required) {
        short = format!("{short} ({required})");
    }
    let mut extra = String::new();
    let takes_value = a.get_action().takes_values();
    let values: Vec<String> =
        a.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect();
    if takes_value && !values.is_empty() && !a.is_hide_possible_values_set() {
        extra.push_str(&format!(" [{}: {}]", tr(lang, "help.word.values"), values.join(", ")));
        a = a.hide_possible_values(true);
    }
    let defaults: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if takes_value && !defaults.is_empty() && !a.is_hide_default_value_set() {
        extra.push_str(&format!(" [{}: {}]", tr(lang, "help.word.default"), defaults.join(", ")));
        a = a.hide_default_value(true);
    }
    short.push_str(&extra);
    if let Some(l) = long.as_mut() {
        l.push_str(&extra);
    }
    a.help(short).long_help(resettable(long))
}

/// A long text, or none (the short one is shown then).
fn resettable(long: Option<String>) -> clap::builder::Resettable<StyledStr> {
    match long {
        Some(l) => clap::builder::Resettable::Value(l.into()),
        None => clap::builder::Resettable::Reset,
    }
}

/// The texts of one value of an error's context.
fn context(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(StyledStr::to_string).collect(),
        Some(ContextValue::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// A clap error (not help or version) in `lang`, as the lines to print on stderr.
pub fn render_error(e: &clap::Error, lang: Lang) -> String {
    let one = |k| context(e, k).into_iter().next().unwrap_or_default();
    let arg = one(ContextKind::InvalidArg);
    let value = one(ContextKind::InvalidValue);
    let quoted = |v: Vec<String>| v.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
    let mut lines = Vec::new();
    let message = match e.kind() {
        ErrorKind::InvalidSubcommand => {
            fmt(lang, "help.error.unknown_command", &[("name", &one(ContextKind::InvalidSubcommand).into())])
        }
        ErrorKind::InvalidValue if value.is_empty() => fmt(lang, "help.error.empty_value", &[("arg", &arg.into())]),
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue);
            if !valid.is_empty() {
                lines.push(format!("  {}: {}", tr(lang, "help.word.values"), valid.join(", ")));
            }
            fmt(lang, "help.error.invalid_value", &[("value", &value.into()), ("arg", &arg.into())])
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default();
            fmt(lang, "help.error.bad_value", &[("value", &value.into()), ("arg", &arg.into()), ("why", &why.into())])
        }
        ErrorKind::MissingRequiredArgument => {
            lines.extend(context(e, ContextKind::InvalidArg).into_iter().map(|a| format!("  {a}")));
            tr(lang, "help.error.missing").to_string()
        }
        ErrorKind::MissingSubcommand => {
            let valid = context(e, ContextKind::ValidSubcommand);
            if !valid.is_empty() {
                lines.push(format!("  {}: {}", tr(lang, "help.word.commands"), valid.join(", ")));
            }
            fmt(lang, "help.error.missing_command", &[("name", &one(ContextKind::InvalidSubcommand).into())])
        }
        ErrorKind::UnknownArgument => fmt(lang, "help.error.unknown_arg", &[("arg", &arg.into())]),
        ErrorKind::ArgumentConflict => {
            let other = quoted(context(e, ContextKind::PriorArg));
            fmt(lang, "help.error.conflict", &[("arg", &arg.into()), ("other", &other.into())])
        }
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            fmt(lang, "help.error.wrong_values", &[("arg", &arg.into())])
        }
        // Kinds the officer does not meet (bad UTF-8, clap's own defects): clap's
        // English, after the translated word for "error".
        _ => {
            let text = e.render().to_string();
            let text = text.strip_prefix("error: ").unwrap_or(&text);
            return format!("{}: {text}", tr(lang, "severity.error"));
        }
    };
    let suggestions = [
        (ContextKind::SuggestedSubcommand, "help.error.similar_command"),
        (ContextKind::SuggestedArg, "help.error.similar_arg"),
        (ContextKind::SuggestedValue, "help.error.similar_value"),
    ];
    let mut tips = Vec::new();
    for (kind, key) in suggestions {
        let found = context(e, kind);
        if !found.is_empty() {
            tips.push(format!(
                "  {}: {}",
                tr(lang, "help.word.tip"),
                fmt(lang, key, &[("name", &quoted(found).into())])
            ));
        }
    }
    let mut out = format!("{}: {message}\n", tr(lang, "severity.error"));
    for line in lines {
        out.push_str(&format!("{line}\n"));
    }
    if !tips.is_empty() {
        out.push('\n');
        for tip in tips {
            out.push_str(&format!("{tip}\n"));
        }
    }
    let usage = one(ContextKind::Usage);
    if let Some(rest) = usage.trim().strip_prefix("Usage:") {
        out.push_str(&format!("\n{} {}\n", tr(lang, "help.word.usage"), rest.trim()));
    }
    out.push_str(&format!("\n{}\n", tr(lang, "help.error.more")));
    out
}

/// Every catalogue key the help tree reads, with clap's own (English, from the doc
/// comments) text where it has one: what the tests hold both catalogues to.
pub fn keys() -> Vec<(String, String)> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, "", &mut out);
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

fn collect(cmd: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
    let key = about_key(path);
    let about = cmd.get_long_about().or(cmd.get_about()).map(|s| s.to_string()).unwrap_or_default();
    out.push((key, about));
    for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        let key = arg_key(path, a);
        let help = a.get_long_help().or(a.get_help()).map(|s| s.to_string()).unwrap_or_default();
        out.push((key, help));
    }
    for sub in cmd.get_subcommands() {
        let sub_path = if path.is_empty() { sub.get_name().to_string() } else { format!("{path} {}", sub.get_name()) };
        collect(sub, &sub_path, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str], env: &Env) -> (u8, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let args = std::iter::once("ocop").chain(args.iter().copied()).map(OsString::from);
        let code = super::super::main(args, env, &mut out, &mut err);
        let code = (0..=2).find(|c| std::process::ExitCode::from(*c) == code).unwrap_or(99);
        (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
    }

    fn env(locale: Option<&str>) -> Env {
        Env { current_dir: "/nonexistent".into(), locale: locale.map(String::from), ..Default::default() }
    }

    /// Every command path of the tree, `""` for `ocop` itself.
    fn paths(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        out.push(path.to_string());
        for sub in cmd.get_subcommands() {
            let p = if path.is_empty() { sub.get_name().to_string() } else { format!("{path} {}", sub.get_name()) };
            paths(sub, &p, out);
        }
    }

    /// Every description the help shows has a text in both catalogues, and the
    /// Vietnamese one is not the English one.
    #[test]
    fn every_description_is_in_both_languages() {
        let keys = keys();
        assert!(keys.len() > 60, "only {} help texts", keys.len());
        let mut problems = Vec::new();
        for (key, _) in &keys {
            match (text(Lang::Vi, key), text(Lang::En, key)) {
                (Some(vi), Some(en)) if vi == en => problems.push(format!("{key}: not translated")),
                (Some(_), Some(_)) => {}
                (vi, en) => problems.push(format!("{key}: vi {vi:?}, en {en:?}")),
            }
        }
        assert!(problems.is_empty(), "help texts missing:\n{}", problems.join("\n"));
    }

    /// `ocop help` and every command's `--help`, nested ones too, in both languages: no
    /// empty description, no English left in the Vietnamese help.
    #[test]
    fn the_whole_help_tree_is_translated() {
        let mut all = Vec::new();
        let mut cmd = Cli::command();
        cmd.build();
        paths(&cmd, "", &mut all);
        let all: Vec<String> = all.into_iter().filter(|p| !p.split(' ').any(|w| w == "help")).collect();
        assert!(all.len() > 15, "{all:?}");
        for lang in [Lang::Vi, Lang::En] {
            let tree = command(lang);
            let other = command(if lang == Lang::Vi { Lang::En } else { Lang::Vi });
            for path in &all {
                let find = |root: &clap::Command| {
                    path.split_whitespace().fold(root.clone(), |c, w| c.find_subcommand(w).expect("sub").clone())
                };
                let (here, there) = (find(&tree), find(&other));
                let about = here.get_about().map(|s| s.to_string()).unwrap_or_default();
                assert!(!about.trim().is_empty(), "{lang:?} `{path}` has no description");
                let there_about = there.get_about().map(|s| s.to_string()).unwrap_or_default();
                assert_ne!(about, there_about, "{lang:?} `{path}`: description not translated");
                for a in here.get_arguments().filter(|a| !a.is_hide_set()) {
                    let help = a.get_help().map(|s| s.to_string()).unwrap_or_default();
                    assert!(!help.trim().is_empty(), "{lang:?} `{path}` {}: no description", a.get_id());
                    let theirs = there.get_arguments().find(|b| b.get_id() == a.get_id()).and_then(|b| b.get_help());
                    assert_ne!(Some(help.clone()), theirs.map(|s| s.to_string()), "{lang:?} `{path}` {}", a.get_id());
                }
                let mut args: Vec<&str> = path.split_whitespace().collect();
                args.extend(["--lang", lang.code(), "--help"]);
                let (code, out, err) = run(&args, &env(None));
                assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
                let first = about.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
                assert!(out.split_whitespace().collect::<Vec<_>>().join(" ").contains(&first), "{args:?}:\n{out}");
                if lang == Lang::Vi {
                    for english in
                        ["Usage:", "Options:", "Commands:", "Arguments:", "Print help", "possible values", "[default"]
                    {
                        assert!(!out.contains(english), "{args:?} shows `{english}`:\n{out}");
                    }
                }
            }
            let (code, out, _) = run(&["--lang", lang.code(), "help"], &env(None));
            assert_eq!(code, 0);
            assert!(out.contains(tr(lang, "help.word.usage")), "{out}");
        }
    }

    #[test]
    fn the_language_comes_from_the_flag_then_the_locale() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_for(&args(&["ocop", "--lang", "en", "check"]), &env(Some("vi_VN.UTF-8"))), Lang::En);
        assert_eq!(lang_for(&args(&["ocop", "check", "--lang=vi"]), &env(Some("en_US.UTF-8"))), Lang::Vi);
        assert_eq!(lang_for(&args(&["ocop", "check"]), &env(Some("en_US.UTF-8"))), Lang::En);
        assert_eq!(lang_for(&args(&["ocop", "check"]), &env(Some("vi_VN.UTF-8"))), Lang::Vi);
        assert_eq!(lang_for(&args(&["ocop", "check"]), &env(Some("C.UTF-8"))), Lang::Vi);
        assert_eq!(lang_for(&args(&["ocop", "check"]), &env(None)), Lang::Vi);
        let (_, _, err) = run(&["chek"], &env(Some("en_US.UTF-8")));
        assert!(err.starts_with("error: unknown command `chek`"), "{err}");
    }

    /// Every global option that takes a value, wherever clap has it, is skipped with its
    /// value by each scanner of the command line, whatever the value looks like.
    #[test]
    fn every_global_flag_with_a_value_is_known_to_the_scanners() {
        fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
            for a in cmd.get_arguments().filter(|a| a.is_global_set() && a.get_action().takes_values()) {
                out.extend(a.get_long().map(|l| format!("--{l}")));
                out.extend(a.get_short().map(|c| format!("-{c}")));
            }
            cmd.get_subcommands().for_each(|s| walk(s, out));
        }
        let mut cmd = Cli::command();
        cmd.build();
        let mut flags = Vec::new();
        walk(&cmd, &mut flags);
        flags.sort();
        flags.dedup();
        for known in ["--color", "--lang", "--root", "--today"] {
            assert!(flags.iter().any(|f| f == known), "{known} in {flags:?}");
        }
        let os = |words: &[&str]| words.iter().map(OsString::from).collect::<Vec<_>>();
        for flag in &flags {
            let flag = flag.as_str();
            assert!(is_bare(&os(&["ocop", flag, "check"])), "{flag} VALUE");
            assert!(is_bare(&os(&["ocop", &format!("{flag}=check")])), "{flag}=VALUE");
            assert_eq!(flag_value(&os(&["ocop", flag, "check", "status"]), flag).as_deref(), Some("check"));
            let page = super::super::topics::page(&os(&["ocop", flag, "x", "help", "format"]), Lang::En);
            assert!(matches!(page, Some(Ok(_))), "{flag}: the value is not the first word");
            assert_eq!(
                super::super::topics::flags_before_help(os(&["ocop", "help", "check", flag, "status"])),
                os(&["ocop", flag, "status", "help", "check"]),
                "{flag}: moved before `help` with its value"
            );
        }
    }

    #[test]
    fn bare_ocop_prints_the_overview() {
        let (code, out, err) = run(&[], &env(None));
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(out.lines().count() < 20 && out.contains("ocop status") && out.contains("--help"), "{out}");
        let (_, en, _) = run(&["--lang", "en"], &env(None));
        assert!(en.contains("Commands for every day"), "{en}");
        assert!(!is_bare(&[OsString::from("ocop"), OsString::from("--help")]));
    }

    #[test]
    fn usage_errors_exit_2_in_the_chosen_language() {
        let (code, _, err) = run(&["check", "--format", "x"], &env(None));
        assert_eq!(code, 2);
        assert!(
            err.contains("giá trị `x` không hợp lệ cho `--format <FORMAT>`") && err.contains("table, json"),
            "{err}"
        );
        let (code, _, err) = run(&["check", "--fomat"], &env(None));
        assert_eq!(code, 2);
        assert!(err.contains("không có tùy chọn `--fomat`") && err.contains("`--format`"), "{err}");
        let (code, _, err) = run(&["completions"], &env(None));
        assert_eq!(code, 2);
        assert!(err.contains("thiếu đối số bắt buộc") && err.contains("<SHELL>"), "{err}");
    }
}
