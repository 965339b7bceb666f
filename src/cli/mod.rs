//! Command-line interface: clap definitions, validated options, dispatch and exit codes.
//! Each subcommand lives in its own file and is glue: options → domain → renderer.

mod certify;
mod check;
mod diff;
mod due;
pub mod help;
mod init;
mod report;
mod revoke;
mod rules;
mod serve;
mod show;
mod status;
// editing (issue 3)
mod completions;
mod edit;
mod export;
mod fingerprint;
mod import;
mod log;
mod migrate;
mod new;
mod plan;
mod prompt;
mod records;
mod review;
mod schema;
mod set;
pub mod topics;
mod values;

use crate::error::UserError;
use crate::i18n::{Lang, fmt, tr};
use crate::load::{Catalog, find_root, load};
use crate::render::Style;
use crate::tree::Tree;
use anyhow::{Context, Result, anyhow};
use chrono::{Datelike, NaiveDate};
use clap::{FromArgMatches, Parser, Subcommand, ValueEnum};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Keep OCOP ("mỗi xã một sản phẩm") dossiers as plain TOML files in git: check them
/// against the OCOP rules and show where every product stands.
#[derive(Debug, Parser)]
#[command(name = "ocop", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Root of the dossier tree (default: the nearest folder at or above the current one
    /// that holds ocop.toml).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Reference date for expiry and deadlines, YYYY-MM-DD or DD/MM/YYYY (default:
    /// $OCOP_TODAY, else today).
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Output language (default: `language` in ocop.toml, else Vietnamese).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// When to use colour: only on a terminal and never with NO_COLOR (auto), always, or
    /// never.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Vi,
    En,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    Check(check::Args),
    Status(status::Args),
    Show(show::Args),
    Rules(rules::Args),
    Report(report::Args),
    Due(due::Args),
    Set(Box<set::Args>),
    Certify(certify::Args),
    Revoke(revoke::Args),
    Fingerprint(fingerprint::Args),
    Review(review::Args),
    Diff(diff::Args),
    Log(log::Args),
    Migrate(migrate::Args),
    New(new::Args),
    Plan(plan::Args),
    Import(import::Args),
    Export(export::Args),
    Edit(edit::Args),
    Schema(schema::Args),
    Serve(serve::Args),
    Completions(completions::Args),
    Man(completions::ManArgs),
}

/// What `main` reads from the process environment, so tests can pin it.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// `$OCOP_TODAY`.
    pub today: Option<String>,
    /// `$NO_COLOR` is set (to anything non-empty).
    pub no_color: bool,
    pub stdout_is_terminal: bool,
    /// Columns available for tables: `$COLUMNS`, else the terminal's width.
    pub width: Option<u16>,
    pub stdin_is_terminal: bool,
    pub current_dir: PathBuf,
    /// The system's date.
    pub system_today: NaiveDate,
    /// `$VISUAL`, else `$EDITOR`, for `ocop edit`.
    pub editor: Option<String>,
    /// `$LC_ALL`, else `$LANG`: the language of help and usage errors when neither
    /// `--lang` nor the tree names one.
    pub locale: Option<String>,
    /// The system's clock, for `serve`, which runs past midnight (None: `system_today`).
    pub clock: Option<fn() -> NaiveDate>,
}

impl Env {
    pub fn from_process() -> Env {
        Env {
            today: std::env::var("OCOP_TODAY").ok().filter(|s| !s.is_empty()),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            stdout_is_terminal: io::stdout().is_terminal(),
            width: std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse().ok())
                .or_else(|| io::stdout().is_terminal().then(|| comfy_table::Table::new().width()).flatten()),
            stdin_is_terminal: io::stdin().is_terminal(),
            current_dir: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            system_today: chrono::Local::now().date_naive(),
            editor: ["VISUAL", "EDITOR"].iter().find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty())),
            locale: ["LC_ALL", "LANG"].iter().find_map(|v| std::env::var(v).ok().filter(|l| !l.trim().is_empty())),
            clock: Some(|| chrono::Local::now().date_naive()),
        }
    }
}

/// The years `--today` and `$OCOP_TODAY` may name.
pub const TODAY_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// Global options after validation.
#[derive(Debug, Clone)]
pub struct Options {
    /// The root as given or found; None when no tree was found (only `init` runs then).
    pub root: Option<PathBuf>,
    pub today: NaiveDate,
    /// True when `--today` or `$OCOP_TODAY` named the day (false: the system's date).
    pub today_pinned: bool,
    pub lang_arg: Option<Lang>,
    pub color: bool,
    /// Columns available for tables, when known.
    pub width: Option<u16>,
    pub interactive: bool,
}

impl Options {
    fn from_args(g: &GlobalArgs, env: &Env) -> Result<Options> {
        let lang = g.lang.map_or(Lang::Vi, |l| if matches!(l, LangArg::En) { Lang::En } else { Lang::Vi });
        let today = match g.today.as_deref().or(env.today.as_deref()) {
            // ISO `2026-11-20` or Vietnamese `20/11/2026`, as `set` takes dates.
            Some(s) => crate::edit::fields::parse_date(s)
                .ok_or(())
                .map_err(|()| match crate::load::messages::date_problem(s) {
                    Some(problem) => anyhow!("--today: {}", problem.get(lang)),
                    None => UserError::usage("error.bad_today", &[("value", &s.into())]).into(),
                })
                .and_then(|d| {
                    // Dates far from now are typing slips (`-0001`, `9999`), and would make
                    // the yearly rounds and deadlines run over thousands of years.
                    if TODAY_YEARS.contains(&d.year()) {
                        Ok(d)
                    } else {
                        Err(UserError::usage("error.today_range", &[("value", &s.into())]).into())
                    }
                })?,
            None => env.system_today,
        };
        let root = match &g.root {
            Some(r) => Some(if r.is_absolute() { r.clone() } else { env.current_dir.join(r) }),
            None => find_root(&env.current_dir),
        };
        let color = match g.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => env.stdout_is_terminal && !env.no_color,
        };
        Ok(Options {
            root,
            today,
            today_pinned: g.today.is_some() || env.today.is_some(),
            lang_arg: g.lang.map(|l| match l {
                LangArg::Vi => Lang::Vi,
                LangArg::En => Lang::En,
            }),
            color,
            // Fit tables to the screen only when they go to one (or colour is forced, as
            // when piping into a pager); files and pipes get unwrapped tables.
            width: env.width.filter(|_| env.stdout_is_terminal || matches!(g.color, ColorArg::Always)),
            interactive: env.stdin_is_terminal,
        })
    }

    /// The language: `--lang`, else the tree's `language`, else Vietnamese.
    pub fn lang(&self, catalog: Option<&Catalog>) -> Lang {
        self.lang_arg
            .or_else(|| catalog.and_then(|c| c.commune.as_ref()).and_then(|c| c.value.language))
            .unwrap_or_default()
    }

    pub fn style(&self, catalog: Option<&Catalog>) -> Style {
        Style { lang: self.lang(catalog), color: self.color, width: self.width }
    }

    /// The tree's root folder, or a failure (exit 2) when there is none.
    pub fn root_dir(&self) -> Result<PathBuf> {
        let root = self.root.as_ref().ok_or_else(|| UserError::usage("error.no_root", &[]))?;
        if !root.is_dir() {
            return Err(UserError::usage("error.root_missing", &[("root", &root.display().to_string().into())]).into());
        }
        Ok(root.clone())
    }

    /// Loads the records only (no checks), or fails (exit 2) when there is no tree.
    pub fn load(&self) -> Result<Catalog> {
        Ok(load(&self.commune_root()?).catalog)
    }

    /// The root for a command that works on one commune: a province tree is refused
    /// (exit 2) with the way to name one of its communes.
    fn commune_root(&self) -> Result<PathBuf> {
        let root = self.root_dir()?;
        if crate::province::is_province(&root) {
            let example = std::fs::read_to_string(root.join(crate::load::COMMUNE_FILE))
                .ok()
                .and_then(|t| t.parse::<toml::Table>().ok())
                .and_then(|t| {
                    let first = t.get("communes")?.as_array()?.first()?.get("path")?.as_str()?.to_string();
                    Some(first)
                })
                .unwrap_or_else(|| "communes/<xã>".into());
            return Err(UserError::usage(
                "province.not_here",
                &[("root", &root.display().to_string().into()), ("example", &example.into())],
            )
            .into());
        }
        Ok(root)
    }

    /// The province tree at the root, opened with every commune read to `depth`, when
    /// the root is one.
    pub(crate) fn province(&self, depth: crate::province::Depth) -> Result<Option<crate::province::Province>> {
        let root = self.root_dir()?;
        Ok(crate::province::is_province(&root).then(|| crate::province::open_with(&root, self.today, depth)))
    }

    /// The style for a province's output: `--lang`, else the province's `language`.
    pub(crate) fn province_style(&self, p: &crate::province::Province) -> Style {
        Style { lang: self.lang_arg.or_else(|| p.language()).unwrap_or_default(), color: self.color, width: self.width }
    }

    /// The records an edit of the record `name` needs (`load::around`: that record and
    /// the producer a product names), or the whole tree when they cannot be read alone.
    pub fn load_for_edit(&self, name: &str) -> Result<Catalog> {
        let root = self.root_dir()?;
        Ok(crate::load::around(&root, name).unwrap_or_else(|| load(&root).catalog))
    }
}

impl Options {
    /// Takes the tree's edit lock before a command that writes records reads anything,
    /// waiting a little for another edit to finish; `command` names the holder in the
    /// message another waiting command shows.
    pub(crate) fn lock_tree(&self, command: &str) -> Result<crate::edit::TreeLock> {
        let root = self.commune_root()?;
        crate::edit::TreeLock::acquire(&root, command, crate::edit::lock::WAIT).map_err(|e| lock_error(e, &root))
    }
}

impl Options {
    /// Opens the tree (`tree::open`): every record, the plan and every diagnostic as of
    /// `--today`.
    pub(crate) fn open(&self) -> Result<Tree> {
        Ok(crate::tree::open(&self.commune_root()?, self.today))
    }

    /// Like `open`, for commands that need a tree to work on: a folder without
    /// `ocop.toml` is a usage error (exit 2), not an empty result.
    pub(crate) fn open_tree(&self) -> Result<Tree> {
        self.open_tree_with(crate::load::Positions::Wanted)
    }

    fn open_tree_with(&self, positions: crate::load::Positions) -> Result<Tree> {
        let tree = crate::tree::open_with(&self.commune_root()?, self.today, positions);
        self.is_a_tree(&tree)?;
        Ok(tree)
    }

    /// Fails (exit 2) when `tree` was opened from a folder without `ocop.toml`.
    pub(crate) fn is_a_tree(&self, tree: &Tree) -> Result<()> {
        if let Some(d) = tree.diagnostics.iter().find(|d| d.code == crate::diag::Code::MissingCommuneFile) {
            let lang = self.lang(Some(&tree.catalog));
            return Err(anyhow!("{} ({})", d.message(lang), d.hint(lang)));
        }
        Ok(())
    }

    /// Like `open_tree`, for a command that only reads: the files' text is let go of
    /// once the tree is checked (`Tree::release_sources`).
    pub(crate) fn open_to_read(&self) -> Result<Tree> {
        let mut tree = self.open_tree()?;
        tree.release_sources();
        Ok(tree)
    }

    /// Like `open_to_read`, for a command that prints no diagnostic, only says how many
    /// the tree has (`warn_if_problems`): they are not located (`Positions::Counted`).
    pub(crate) fn open_to_count(&self) -> Result<Tree> {
        let mut tree = self.open_tree_with(crate::load::Positions::Counted)?;
        tree.release_sources();
        Ok(tree)
    }
}

/// Why the edit lock could not be taken, as a user error (exit 2).
fn lock_error(e: crate::edit::LockError, root: &std::path::Path) -> anyhow::Error {
    use crate::edit::{LockError, lock::LOCK_FILE};
    let error = match e {
        LockError::Held { holder, waited } => UserError::usage(
            "editing.locked",
            &[
                ("holder", &holder.unwrap_or_else(|| "ocop".into()).into()),
                ("seconds", &waited.as_secs().to_string().into()),
                ("path", &LOCK_FILE.into()),
            ],
        ),
        LockError::Io(_, cause) => UserError::usage(
            "editing.lock_failed",
            &[("path", &root.join(LOCK_FILE).display().to_string().into()), ("why", &crate::load::io_detail(&cause))],
        ),
    };
    error.into()
}

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: the check found problems.
    Problems,
}

/// Parses `args`, runs the command and returns the exit code: 0 clean, 1 problems found,
/// 2 usage, configuration or I/O failure.
pub fn main(args: impl IntoIterator<Item = OsString>, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    let help_lang = help::lang_for(&args, env);
    if help::is_bare(&args) {
        let _ = out.write_all(help::overview(help_lang).as_bytes());
        return ExitCode::SUCCESS;
    }
    match topics::page(&args, help_lang) {
        Some(Ok(page)) => {
            let _ = out.write_all(page.as_bytes());
            return ExitCode::SUCCESS;
        }
        Some(Err(e)) => {
            let _ =
                writeln!(err, "{}: {}", tr(help_lang, "severity.error"), crate::safe::terminal(&e.message(help_lang)));
            return ExitCode::from(e.exit_code());
        }
        None => {}
    }
    let args = topics::flags_before_help(args);
    let parsed = help::command(help_lang).try_get_matches_from(&args).and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            let shown = matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            );
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = if !shown {
                help::render_error(&e, help_lang)
            } else if env.stdout_is_terminal && !env.no_color {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            let target: &mut dyn Write = if e.use_stderr() { err } else { out };
            let _ = target.write_all(text.as_bytes());
            return ExitCode::from(code);
        }
    };
    // A pipe or a file gets whole blocks: line by line, a 20,000-row JSON status was a
    // tenth of the command's time in `write` calls. A terminal keeps its lines as they
    // come, interleaved with the messages on stderr.
    let mut buffered;
    let out: &mut dyn Write = if env.stdout_is_terminal {
        out
    } else {
        buffered = io::BufWriter::with_capacity(1 << 16, out);
        &mut buffered
    };
    let result = run(&cli, env, out, err).and_then(|outcome| {
        out.flush()?;
        Ok(outcome)
    });
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let lang = final_lang(&cli, env);
            let code = match e.downcast_ref::<UserError>() {
                Some(user) => {
                    let _ =
                        writeln!(err, "{}: {}", tr(lang, "severity.error"), crate::safe::terminal(&user.message(lang)));
                    user.exit_code()
                }
                None => {
                    let _ = writeln!(err, "{}: {}", tr(lang, "severity.error"), crate::safe::terminal(&e.to_string()));
                    2
                }
            };
            for cause in e.chain().skip(1) {
                let _ = writeln!(err, "  {}: {}", tr(lang, "word.because"), crate::safe::terminal(&cause.to_string()));
            }
            ExitCode::from(code)
        }
    }
}

/// The language a failure is reported in: `--lang`, else the tree's `language` (read
/// from `ocop.toml` alone), else Vietnamese.
fn final_lang(cli: &Cli, env: &Env) -> Lang {
    if let Some(l) = cli.global.lang {
        return if matches!(l, LangArg::En) { Lang::En } else { Lang::Vi };
    }
    let root = match &cli.global.root {
        Some(r) => Some(if r.is_absolute() { r.clone() } else { env.current_dir.join(r) }),
        None => find_root(&env.current_dir),
    };
    root.and_then(|r| crate::load::commune_language(&r)).unwrap_or_default()
}

/// True when the error comes from writing to a pipe whose reader has gone (`| head`),
/// which is not a failure. The CSV and JSON writers wrap the I/O error in their own.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(cause_is_broken_pipe)
}

fn cause_is_broken_pipe(c: &(dyn std::error::Error + 'static)) -> bool {
    if let Some(e) = c.downcast_ref::<io::Error>() {
        return e.kind() == io::ErrorKind::BrokenPipe || e.get_ref().is_some_and(|inner| cause_is_broken_pipe(inner));
    }
    if let Some(e) = c.downcast_ref::<serde_json::Error>() {
        return e.io_error_kind() == Some(io::ErrorKind::BrokenPipe);
    }
    if let Some(e) = c.downcast_ref::<csv::Error>() {
        return matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe);
    }
    false
}

/// Runs a parsed command.
pub fn run(cli: &Cli, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let opts = Options::from_args(&cli.global, env)?;
    match &cli.command {
        Command::Init(a) => init::run(a, &opts, env, out, err),
        Command::Check(a) => check::run(a, &opts, out, err),
        Command::Status(a) => status::run(a, &opts, out, err),
        Command::Show(a) => show::run(a, &opts, out, err),
        Command::Rules(a) => rules::run(a, &opts, out),
        Command::Report(a) => report::run(a, &opts, env, out, err),
        Command::Due(a) => due::run(a, &opts, out, err),
        Command::Set(a) => set::run(a, &opts, env, out, err),
        Command::Certify(a) => certify::run(a, &opts, out, err),
        Command::Revoke(a) => revoke::run(a, &opts, out, err),
        Command::Fingerprint(a) => fingerprint::run(a, &opts, out, err),
        Command::Review(a) => review::run(a, &opts, out, err),
        Command::Diff(a) => diff::run(a, &opts, out, err),
        Command::Log(a) => log::run(a, &opts, out, err),
        Command::Migrate(a) => migrate::run(a, &opts, out, err),
        Command::New(a) => new::run(a, &opts, out, err),
        Command::Plan(a) => plan::run(a, &opts, out, err),
        Command::Import(a) => import::run(a, &opts, env, out, err),
        Command::Export(a) => export::run(a, &opts, env, out, err),
        Command::Edit(a) => edit::run(a, &opts, env, out, err),
        Command::Schema(a) => schema::run(a, &opts, env, out, err),
        Command::Serve(a) => serve::run(a, &opts, env, out, err),
        Command::Completions(a) => completions::run(a, out),
        Command::Man(_) => completions::man(out, help::lang_of(opts.lang_arg, opts.root.as_deref(), env)),
    }
}

/// For read-only commands: one line on stderr when the tree has problems, so the
/// officer knows to run `ocop check` while still getting the output.
pub(crate) fn warn_if_problems(diags: &[crate::diag::Diagnostic], lang: Lang, err: &mut dyn Write) -> Result<()> {
    let tally = crate::diag::Tally::of(diags);
    if tally.errors > 0 {
        let args = [("errors", &tally.errors.to_string().into()), ("warnings", &tally.warnings.to_string().into())];
        writeln!(err, "{}", crate::safe::terminal(&fmt(lang, "status.tree_has_problems", &args)))
            .context("writing to stderr")?;
    }
    Ok(())
}

/// For read-only commands on a province: the province's own problems (communes not
/// checked out, a bad list) in full, a commune that cannot be read by name, and one line
/// when the communes that roll up have problems, so the office knows to run `ocop check`.
pub(crate) fn warn_province(p: &crate::province::Province, style: Style, err: &mut dyn Write) -> Result<()> {
    warn_province_with(p, &BTreeMap::new(), style, err)
}

/// `warn_province`, with the number of products per commune (by folder name) whose
/// record a read-only roll-up could not judge (`status`'s "fix the record" rows).
pub(crate) fn warn_province_with(
    p: &crate::province::Province,
    unjudged: &BTreeMap<&str, usize>,
    style: Style,
    err: &mut dyn Write,
) -> Result<()> {
    use crate::province::StateKey;
    crate::render::diagnostics::human(err, &p.diagnostics, style).context("writing to stderr")?;
    for m in p.communes.iter().filter(|m| m.state_key() == StateKey::Failed) {
        // Why it cannot be read: its ocop.toml's error (syntax, missing, too new).
        let file = std::path::Path::new(&m.entry.path).join(crate::load::COMMUNE_FILE);
        let diags = m.diagnostics();
        let why =
            diags.iter().filter(|d| d.severity == crate::diag::Severity::Error).min_by_key(|d| d.path != file).cloned();
        crate::render::diagnostics::human(err, why.as_slice(), style).context("writing to stderr")?;
    }
    if p.file.as_ref().is_some_and(|f| f.communes.is_empty()) {
        writeln!(err, "{}", tr(style.lang, "province.no_communes")).context("writing to stderr")?;
    }
    if p.depth == crate::province::Depth::Records {
        return warn_unchecked(p, unjudged, style.lang, err);
    }
    let ready: Vec<crate::diag::Diagnostic> = p.ready().flat_map(|(_, t)| t.diagnostics.iter().cloned()).collect();
    warn_if_problems(&ready, style.lang, err)
}

/// A province read without the checks (`status`, `export`) cannot count the communes'
/// errors as a commune's `status` does, but what reading found is known for nothing: the
/// files that cannot be read, the products whose record cannot be judged, the communes
/// that cannot be read. One line names each commune with any of them and points at
/// `ocop check`; nothing when there are none.
fn warn_unchecked(
    p: &crate::province::Province,
    unjudged: &BTreeMap<&str, usize>,
    lang: Lang,
    err: &mut dyn Write,
) -> Result<()> {
    use crate::i18n::fmt_count;
    let mut parts = Vec::new();
    for m in &p.communes {
        let mut what = Vec::new();
        match &m.state {
            crate::province::State::Failed(_) => what.push(tr(lang, "province.unchecked_failed").to_string()),
            crate::province::State::Ready(t) => {
                let errors = crate::diag::Tally::of(&t.diagnostics).errors;
                if errors > 0 {
                    what.push(fmt_count(lang, "province.unchecked_errors", errors as u64, &[]));
                }
                if let Some(&n) = unjudged.get(m.key.as_str()).filter(|n| **n > 0) {
                    what.push(fmt_count(lang, "province.unchecked_fix", n as u64, &[]));
                }
            }
            crate::province::State::Missing => {}
        }
        if !what.is_empty() {
            parts.push(format!("{} ({})", m.entry.name, what.join(", ")));
        }
    }
    if parts.is_empty() {
        return Ok(());
    }
    let line = fmt(lang, "province.unchecked", &[("communes", &parts.join("; ").into())]);
    writeln!(err, "{}", crate::safe::terminal(&line)).context("writing to stderr")?;
    Ok(())
}

/// W045 on stderr, once per command: the years the command's computations (deadlines in
/// working days, dates moved off holidays) needed that the holiday data lacks.
pub(crate) fn warn_missing_holidays(
    rules: &crate::rules::RuleBook,
    style: crate::render::Style,
    err: &mut dyn Write,
) -> Result<()> {
    if let Some(d) = crate::checks::holidays_missing(&rules.calendar) {
        crate::render::diagnostics::human(err, &[d], style).context("writing to stderr")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definitions_are_valid() {
        Cli::command().debug_assert();
    }

    /// One word for "for people" in every command: `--format table`.
    #[test]
    fn every_format_flag_takes_table() {
        let cmd = Cli::command();
        let mut seen = 0;
        for sub in cmd.get_subcommands() {
            let Some(format) = sub.get_arguments().find(|a| a.get_id() == "format") else { continue };
            seen += 1;
            let values: Vec<String> = format.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
            assert!(values.iter().any(|v| v == "table"), "{} --format: {values:?}", sub.get_name());
            for old in ["human", "text"] {
                assert!(!values.iter().any(|v| v == old), "{} --format still lists {old}", sub.get_name());
            }
        }
        assert!(seen >= 6, "only {seen} commands have --format");
    }

    fn env() -> Env {
        Env {
            system_today: "2026-11-29".parse().expect("date"),
            current_dir: "/nonexistent".into(),
            ..Default::default()
        }
    }

    #[test]
    fn today_comes_from_the_option_then_the_environment() {
        let cli = Cli::parse_from(["ocop", "--today", "2026-01-02", "check"]);
        let mut e = env();
        e.today = Some("2025-05-05".into());
        assert_eq!(Options::from_args(&cli.global, &e).expect("valid").today.to_string(), "2026-01-02");
        let cli = Cli::parse_from(["ocop", "check"]);
        assert_eq!(Options::from_args(&cli.global, &e).expect("valid").today.to_string(), "2025-05-05");
        assert_eq!(Options::from_args(&cli.global, &env()).expect("valid").today.to_string(), "2026-11-29");
        let cli = Cli::parse_from(["ocop", "--today", "28/11/2026", "check"]);
        assert_eq!(Options::from_args(&cli.global, &env()).expect("valid").today.to_string(), "2026-11-28");
        let cli = Cli::parse_from(["ocop", "--today", "11/29/2026", "check"]);
        assert!(Options::from_args(&cli.global, &env()).is_err());
        for far in ["-0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"] {
            let cli = Cli::parse_from(["ocop", &format!("--today={far}"), "check"]);
            let e = Options::from_args(&cli.global, &env()).expect_err(far).to_string();
            assert!(e.contains("1900") && e.contains(far), "{e}");
        }
    }

    #[test]
    fn a_held_lock_is_explained_in_both_languages() {
        let held = || crate::edit::LockError::Held {
            holder: Some("ocop set, pid 42".into()),
            waited: std::time::Duration::from_secs(10),
        };
        let message = |lang| {
            let e = lock_error(held(), std::path::Path::new("/t"));
            e.downcast_ref::<UserError>().map(|u| u.message(lang)).unwrap_or_default()
        };
        let vi = message(Lang::Vi);
        assert!(vi.contains("ocop set, pid 42") && vi.contains("10 giây") && vi.contains(".ocop.lock"), "{vi}");
        let en = message(Lang::En);
        assert!(en.contains("ocop set, pid 42") && en.contains("10 seconds") && en.contains("run again"), "{en}");
    }

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        let cli = Cli::parse_from(["ocop", "check"]);
        let mut e = env();
        assert!(!Options::from_args(&cli.global, &e).expect("valid").color);
        e.stdout_is_terminal = true;
        assert!(Options::from_args(&cli.global, &e).expect("valid").color);
        e.no_color = true;
        assert!(!Options::from_args(&cli.global, &e).expect("valid").color);
    }
}
