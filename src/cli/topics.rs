//! Help topics built into the binary, in the officer's language: `ocop help format
//! [KIND]`, `ocop help diagnostics [CODE]` and `ocop help plan-format`. Every page is
//! generated: the keys from `crate::fields` (the model's JSON Schema), their labels and
//! help texts and the diagnostics' messages from the catalogue, so a page never drifts
//! from the model or the messages. The topic for plan.toml is `plan-format` because
//! `plan` is a command (`ocop help plan` shows its help, which points at the topic).

use super::help::takes_value;
use crate::diag::Code;
use crate::error::UserError;
use crate::fields::{Field, FieldType, Kind};
use crate::i18n::{Lang, lookup, tr};
use std::ffi::OsString;

/// The topics, as `ocop help TOPIC` names them.
pub const TOPICS: [&str; 3] = ["format", "diagnostics", "plan-format"];

/// The page `ocop help TOPIC …` asks for: `None` when the arguments are not `help`
/// followed by a topic or an unknown word (clap handles `help COMMAND`).
pub fn page(args: &[OsString], lang: Lang) -> Option<Result<String, UserError>> {
    let words = words(args);
    if words.first().map(String::as_str) != Some("help") {
        return None;
    }
    let topic = words.get(1)?;
    let rest = &words[2..];
    let page = match topic.as_str() {
        "format" => format(rest.first().map(String::as_str), lang),
        "diagnostics" => diagnostics(rest.first().map(String::as_str), lang),
        "plan-format" => Ok(plan(lang)),
        other => {
            let commands: Vec<String> =
                super::help::command(lang).get_subcommands().map(|c| c.get_name().to_string()).collect();
            if commands.iter().any(|c| c == other) {
                return None;
            }
            let known = TOPICS.iter().copied().chain(commands.iter().map(String::as_str));
            let suggestion = crate::diag::suggestion(other, known);
            Err(UserError::usage("help.topic.unknown", &[("name", &other.into()), ("suggestion", &suggestion)]))
        }
    };
    Some(page)
}

/// `args` with the flags written after `help` moved before it: clap's `help` takes only
/// command names, so `ocop help check --lang en` would be refused as an unknown command
/// `--lang` though `ocop --lang en help check` works. Other command lines are unchanged.
pub fn flags_before_help(args: Vec<OsString>) -> Vec<OsString> {
    // The first word, the values of the flags before it skipped.
    let mut at = 1;
    while let Some(a) = args.get(at).map(|a| a.to_string_lossy()) {
        if takes_value(&a) {
            at += 2;
        } else if a.starts_with('-') {
            at += 1;
        } else {
            break;
        }
    }
    if args.get(at).is_none_or(|a| a != "help") {
        return args;
    }
    let (mut flags, mut words) = (Vec::new(), Vec::new());
    let mut rest = args[at + 1..].iter();
    while let Some(a) = rest.next() {
        let text = a.to_string_lossy();
        if takes_value(&text) {
            flags.push(a.clone());
            flags.extend(rest.next().cloned());
        } else if text.starts_with('-') {
            flags.push(a.clone());
        } else {
            words.push(a.clone());
        }
    }
    let mut out: Vec<OsString> = args[..at].to_vec();
    out.extend(flags);
    out.push(args[at].clone());
    out.extend(words);
    out
}

/// The words of the command line, global flags and their values left out.
fn words(args: &[OsString]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = args.iter().skip(1).map(|a| a.to_string_lossy().into_owned());
    while let Some(a) = rest.next() {
        if takes_value(&a) {
            rest.next();
        } else if !a.starts_with('-') {
            out.push(a);
        }
    }
    out
}

/// The kind named `name` (`product`), or a usage error with did-you-mean.
fn kind(name: &str) -> Result<Kind, UserError> {
    Kind::ALL.into_iter().find(|k| k.name() == name).ok_or_else(|| {
        let suggestion = crate::diag::suggestion(name, Kind::ALL.iter().map(|k| k.name()));
        let kinds = Kind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ");
        UserError::usage(
            "help.topic.unknown_kind",
            &[("name", &name.into()), ("suggestion", &suggestion), ("kinds", &kinds.into())],
        )
    })
}

/// `ocop help format [KIND]`.
fn format(kind_name: Option<&str>, lang: Lang) -> Result<String, UserError> {
    let Some(name) = kind_name else {
        let mut out = format!("{}\n\n", tr(lang, "help.topic.format_intro").trim_end());
        for k in Kind::ALL {
            out.push_str(&format!("  {:<10} {}\n", k.name(), tr(lang, &format!("help.topic.file.{}", k.name()))));
        }
        out.push_str(&format!("\n{}\n", tr(lang, "help.topic.format_more").trim_end()));
        return Ok(out);
    };
    let kind = kind(name)?;
    let mut out = format!("{}\n", tr(lang, &format!("help.topic.file.{}", kind.name())));
    write_fields(&mut out, crate::fields::fields(kind), lang);
    for list in crate::fields::keys(kind, &[]) {
        let entries = crate::fields::entry_fields(kind, list);
        if !entries.is_empty() {
            out.push_str(&format!("\n[[{list}]]\n"));
            write_fields(&mut out, entries, lang);
        }
    }
    Ok(out)
}

/// One block per field: its key, label, type, and help text.
fn write_fields(out: &mut String, fields: &[Field], lang: Lang) {
    for f in fields {
        let label = lookup(lang, &f.label_key()).unwrap_or_default();
        let mut ty = type_text(f, lang);
        if f.required {
            ty = format!("{ty}; {}", tr(lang, "help.word.required"));
        }
        out.push_str(&format!("\n  {} — {label} [{ty}]\n", f.path));
        if let Some(help) = lookup(lang, &f.help_key()).filter(|h| !h.trim().is_empty()) {
            out.push_str(&format!("      {}\n", help.trim()));
        }
    }
}

/// `text`, `integer 1–26`, `one of: a, b`, `list of text`.
fn type_text(f: &Field, lang: Lang) -> String {
    let word = |k: &str| tr(lang, &format!("help.topic.type.{k}")).to_string();
    let mut ty = match f.ty {
        FieldType::Text => word("text"),
        FieldType::Integer => word("integer"),
        FieldType::Float => word("number"),
        FieldType::Date => word("date"),
        FieldType::Bool => word("bool"),
        FieldType::Choice(values) => format!("{}: {}", word("choice"), values.join(", ")),
    };
    match (f.min, f.max) {
        (Some(min), Some(max)) => ty.push_str(&format!(" {min}–{max}")),
        (Some(min), None) => ty.push_str(&format!(" ≥ {min}")),
        (None, Some(max)) => ty.push_str(&format!(" ≤ {max}")),
        (None, None) => {}
    }
    if f.many { format!("{} {ty}", word("list")) } else { ty }
}

/// `ocop help diagnostics [CODE]`.
fn diagnostics(code: Option<&str>, lang: Lang) -> Result<String, UserError> {
    let codes: Vec<Code> = match code {
        None => Code::ALL.to_vec(),
        Some(c) => match Code::ALL.iter().find(|k| k.as_str().eq_ignore_ascii_case(c)) {
            Some(k) => vec![*k],
            None => {
                let suggestion = crate::diag::suggestion(c, Code::ALL.iter().map(|k| k.as_str()));
                return Err(UserError::usage(
                    "help.topic.unknown_code",
                    &[("code", &c.into()), ("suggestion", &suggestion)],
                ));
            }
        },
    };
    let mut out = String::new();
    if code.is_none() {
        out.push_str(&format!("{}\n", tr(lang, "help.topic.diagnostics_intro").trim_end()));
    }
    let mut codes = codes;
    codes.sort_by_key(|c| &c.as_str()[1..]);
    for c in codes {
        let severity = match c.severity() {
            crate::diag::Severity::Error => "severity.error",
            crate::diag::Severity::Warning => "severity.warning",
            crate::diag::Severity::Info => "severity.info",
        };
        let message = lookup(lang, &format!("diag.{}.message", c.as_str())).unwrap_or_default();
        let hint = lookup(lang, &format!("diag.{}.hint", c.as_str())).unwrap_or_default();
        out.push_str(&format!("\n{} ({})\n  {}\n", c.as_str(), tr(lang, severity), message.trim()));
        if !hint.trim().is_empty() {
            out.push_str(&format!("  {}: {}\n", tr(lang, "word.hint"), hint.trim()));
        }
    }
    Ok(out)
}

/// `ocop help plan-format`: the intro, the fields of targets and milestones, the
/// activity kinds.
fn plan(lang: Lang) -> String {
    let mut out = format!("{}\n", tr(lang, "help.topic.plan_intro").trim_end());
    for list in ["targets", "milestones"] {
        out.push_str(&format!("\n[[{list}]]\n"));
        write_fields(&mut out, crate::fields::entry_fields(Kind::Plan, list), lang);
    }
    out.push_str(&format!("\n{}\n", tr(lang, "help.topic.activity_kinds")));
    if let Some(FieldType::Choice(kinds)) = crate::fields::find(Kind::Activity, "kind").map(|f| f.ty) {
        for k in kinds {
            let label = lookup(lang, &format!("activity_kind.{k}")).unwrap_or_default();
            out.push_str(&format!("  {k:<12} {label}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn flags_after_help_move_before_it() {
        let os = |words: &[&str]| words.iter().map(OsString::from).collect::<Vec<_>>();
        let moved = |words: &[&str]| super::flags_before_help(os(words));
        assert_eq!(moved(&["ocop", "help", "check", "--lang", "en"]), os(&["ocop", "--lang", "en", "help", "check"]));
        assert_eq!(
            moved(&["ocop", "--root", "help", "help", "--color=never", "plan"]),
            os(&["ocop", "--root", "help", "--color=never", "help", "plan"]),
            "a flag's value named help is not the word"
        );
        let unchanged = os(&["ocop", "status", "help", "--lang", "en"]);
        assert_eq!(super::flags_before_help(unchanged.clone()), unchanged);
        assert_eq!(moved(&["ocop", "--lang"]), os(&["ocop", "--lang"]));
    }

    use super::*;

    /// Every `` `ocop help …` `` the catalogue names, in either language, is a topic or
    /// a command that exists (upper-case words are placeholders: KIND, CODE, LOẠI).
    #[test]
    fn every_help_topic_the_catalogue_names_exists() {
        let mut named = 0;
        for text in [include_str!("../../locales/vi.toml"), include_str!("../../locales/en.toml")] {
            for (i, _) in text.match_indices("`ocop help") {
                let rest = &text[i + 1..];
                let Some(end) = rest.find('`') else { continue };
                let words: Vec<&str> = rest[..end]
                    .split_whitespace()
                    .skip(2)
                    .filter(|w| !(w.chars().any(char::is_alphabetic) && *w == w.to_uppercase()))
                    .collect();
                if words.is_empty() {
                    continue;
                }
                named += 1;
                let args: Vec<OsString> = ["ocop", "help"].iter().chain(words.iter()).map(OsString::from).collect();
                let known = match page(&args, Lang::En) {
                    Some(p) => p.is_ok(),
                    None => super::super::help::command(Lang::En).find_subcommand(words[0]).is_some(),
                };
                assert!(known, "the catalogue names `ocop help {}`, which does not exist", words.join(" "));
            }
        }
        assert!(named >= 8, "only {named} references to help topics");
    }

    #[test]
    fn every_kind_and_code_has_a_page_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            for k in Kind::ALL {
                let page = format(Some(k.name()), lang).expect("page");
                for f in crate::fields::fields(k) {
                    assert!(page.contains(&format!("\n  {} — ", f.path)), "{lang:?} {}: {}", k.name(), f.path);
                }
            }
            let all = diagnostics(None, lang).expect("page");
            for c in Code::ALL {
                assert!(all.contains(&format!("\n{} (", c.as_str())), "{lang:?} {}", c.as_str());
            }
        }
    }
}
