//! `ocop serve`: a local, read-only web dashboard over a dossier tree. `Site::handle`
//! turns one request (method and target) into a response: it computes what the page
//! needs with the same functions the commands use (`status::rows`, `eval`, `due::list`,
//! `report::build`, `diff::compare`) and hands the data to `pages` to draw. `run` is the
//! HTTP loop around it (tiny_http, one request at a time).
//!
//! Safe by default: only GET and HEAD; evidence only from inside the tree
//! (`files::evidence`); every user string escaped (`markup`); every response carries a
//! Content-Security-Policy without inline scripts or styles, `nosniff` and no framing.

mod cache;
mod files;
mod layout;
mod markup;
mod pages;
mod province_diff;
mod request;

use crate::edit::RecordKind;
use crate::i18n::{Lang, tr};
use crate::model::Stage;
use crate::render::report::doc::Books;
use crate::status::{Filter, StatusRow};
use crate::tree::Tree;
pub use cache::stamp;
use chrono::NaiveDate;
use layout::{Ctx, Section};
use request::{Route, Target};
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

/// The Content-Security-Policy of every response: scripts and styles only from the
/// dashboard's own files, nothing inline, no plugins, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; \
                       frame-ancestors 'none'; form-action 'self'";

/// The reference day of each page.
#[derive(Debug, Clone, Copy)]
pub enum Today {
    /// Pinned by `--today` or `$OCOP_TODAY`.
    Fixed(NaiveDate),
    /// The system's date, read at each request (a dashboard left running overnight
    /// moves on to the next day).
    Clock(fn() -> NaiveDate),
}

impl Today {
    fn get(self) -> NaiveDate {
        match self {
            Today::Fixed(d) => d,
            Today::Clock(f) => f(),
        }
    }
}

/// What the dashboard serves.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub today: Today,
    /// `--lang`: the pages' language when a page does not ask for one.
    pub lang: Option<Lang>,
    /// The port when listening on this computer only: a request must then name this
    /// computer (`Host: 127.0.0.1:PORT`, `localhost:PORT`), so a web page elsewhere cannot
    /// reach the dashboard through a name it points at 127.0.0.1 (DNS rebinding). None
    /// with `--bind`, where the name people use is not known.
    pub local_port: Option<u16>,
    /// `--redact`: personal data (phones, e-mails, ID numbers, household heads' names)
    /// replaced by a mark in every page, as `show --redact` and `export` do.
    pub redact: bool,
}

/// A response's body.
#[derive(Debug)]
pub enum Body {
    Bytes(Vec<u8>),
    /// An evidence file, streamed.
    File(std::fs::File),
}

/// A response, before it is written.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Body,
    /// Extra headers (`Allow`, `Content-Disposition`).
    pub headers: Vec<(&'static str, String)>,
}

impl Response {
    fn html(status: u16, page: String) -> Response {
        Response::bytes(status, "text/html; charset=utf-8", page.into_bytes())
    }

    fn bytes(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
        Response { status, content_type, body: Body::Bytes(body), headers: Vec::new() }
    }

    /// The headers every response carries.
    pub fn common_headers() -> [(&'static str, &'static str); 5] {
        [
            ("Content-Security-Policy", CSP),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "no-referrer"),
            // Always current: a page is never shown from a cache.
            ("Cache-Control", "no-store"),
        ]
    }

    /// The body as bytes (a file read whole), for tests.
    pub fn into_bytes(self) -> Vec<u8> {
        match self.body {
            Body::Bytes(b) => b,
            Body::File(mut f) => {
                let mut v = Vec::new();
                let _ = f.read_to_end(&mut v);
                v
            }
        }
    }
}

/// What the root holds: one commune's tree, or a province of communes.
#[derive(Debug)]
pub enum Loaded {
    Commune(Box<Tree>),
    Province(Box<crate::province::Province>),
}

/// Opens what the root holds; with `redact`, personal data is replaced right away (the
/// mark in `lang`, else the tree's language), so no page can show it.
fn open(root: &std::path::Path, today: NaiveDate, redact: bool, lang: Option<Lang>) -> Loaded {
    if crate::province::is_province(root) {
        let mut p = crate::province::open(root, today);
        if redact {
            let lang = lang.or_else(|| p.language()).unwrap_or_default();
            crate::redact::province(&mut p, lang);
        }
        Loaded::Province(Box::new(p))
    } else {
        let mut tree = crate::tree::open(root, today);
        if redact {
            redact_tree(&mut tree, lang);
        }
        Loaded::Commune(Box::new(tree))
    }
}

fn redact_tree(tree: &mut Tree, lang: Option<Lang>) {
    let lang = lang.or_else(|| tree.catalog.commune.as_ref().and_then(|c| c.value.language)).unwrap_or_default();
    crate::redact::tree(tree, lang);
}

/// The dashboard: its configuration and the last tree opened.
#[derive(Debug)]
pub struct Site {
    config: Config,
    cache: cache::Cache<Loaded>,
    /// The git repository around the tree, looked up once.
    repo: Option<crate::git::Repo>,
}

impl Site {
    pub fn new(config: Config) -> Site {
        let repo = crate::git::Repo::around(&config.root).ok();
        Site { config, cache: cache::Cache::default(), repo }
    }

    /// How many times the tree has been opened so far.
    pub fn trees_opened(&self) -> u64 {
        self.cache.opened
    }

    /// What the root holds as of today, opened again only when a file changed on disk
    /// (or the day did) since the last time. Start-up calls it before listening, so the
    /// tree it checks is the one the first page is drawn from.
    pub fn loaded(&mut self) -> Arc<Loaded> {
        self.loaded_on(self.config.today.get())
    }

    fn loaded_on(&mut self, today: NaiveDate) -> Arc<Loaded> {
        let (redact, lang) = (self.config.redact, self.config.lang);
        self.cache.get(&self.config.root, today, |root, today| open(root, today, redact, lang))
    }

    /// The response to one request with its `Host` header: refused (403) when the
    /// dashboard is local and the name is not this computer's.
    pub fn handle_from(&mut self, host: Option<&str>, method: &str, target: &str) -> Response {
        if let Some(port) = self.config.local_port
            && !host.is_some_and(|h| local_host(h, port))
        {
            let target = Target::parse(target);
            return Response::html(403, self.bare_ctx(&target).error_page("serve.error_host", ""));
        }
        self.handle(method, target)
    }

    /// The response to one request. Never panics on what a request holds; `run` still
    /// turns a panic into a 500 page.
    pub fn handle(&mut self, method: &str, target: &str) -> Response {
        let target = Target::parse(target);
        if method != "GET" && method != "HEAD" {
            let ctx = self.bare_ctx(&target);
            let mut r = Response::html(405, ctx.error_page("serve.error_405", ""));
            r.headers.push(("Allow", "GET, HEAD".into()));
            return r;
        }
        if let Route::Static(name) = &target.route {
            return match files::asset(name) {
                Some((text, ty)) => Response::bytes(200, ty, text.as_bytes().to_vec()),
                None => self.not_found(&target, ""),
            };
        }
        let today = self.config.today.get();
        let loaded = self.loaded_on(today);
        let tree = match &*loaded {
            Loaded::Commune(tree) => tree,
            Loaded::Province(p) => return self.province(&target, p, today),
        };
        let ctx = self.ctx(&target, tree);
        match &target.route {
            Route::Status => self.status(&ctx, &target, tree, today),
            Route::Product(id) => self.product(&ctx, tree, id, today),
            Route::Producer(id) => self.producer(&ctx, tree, id, today),
            Route::Due => self.due(&ctx, &target, tree, today),
            Route::Report => self.report(&ctx, &target, &Books::one(&tree.catalog.rules), today, |period, as_of| {
                crate::report::build(&tree.catalog, &tree.programme, period, as_of, as_of)
            }),
            Route::Diff => self.diff(&ctx, &target, tree, today),
            Route::Evidence(rel) => self.evidence(&ctx, tree, "", rel),
            Route::Province | Route::Static(_) | Route::NotFound => {
                Response::html(404, ctx.error_page("serve.error_404", ""))
            }
        }
    }

    /// A page of a province tree: the roll-ups at `/` (and `/province`), `/due` and
    /// `/report`; a commune's own pages under `commune/id`; its evidence by path.
    fn province(&self, target: &Target, p: &crate::province::Province, today: NaiveDate) -> Response {
        use crate::province::rollup;
        let default_lang = self.config.lang.or_else(|| p.language()).unwrap_or_default();
        let name = p.name();
        let mut ctx = self.ctx_with(target, default_lang, if name.is_empty() { "OCOP".into() } else { name.clone() });
        ctx.province = true;
        // A commune's part of an address: `viet-khe/mat-ong`, `communes/viet-khe/…`.
        let member = |qualified: &str| {
            let (key, id) = qualified.split_once('/')?;
            let m = p.communes.iter().find(|m| m.key == key)?;
            Some((m, m.tree()?, id.to_string()))
        };
        let in_commune = |ctx: &Ctx, m: &crate::province::Member| {
            let mut c = ctx.clone();
            c.commune_key = Some(m.key.clone());
            c.commune_path = Some(m.entry.path.trim_end_matches('/').to_string());
            c
        };
        match &target.route {
            Route::Status | Route::Province => {
                let (filter, shown) = status_filter(target);
                let groups = rollup::status(p, today, &filter);
                let form = pages::status::search_form(&ctx, &shown);
                Response::html(200, pages::province::status(&ctx, &ctx.commune, &groups, form))
            }
            Route::Due => {
                let within = match within(&ctx, target) {
                    Ok(n) => n,
                    Err(r) => return *r,
                };
                let horizon = crate::due::Horizon { today, until: crate::dates::plus_days(today, within) };
                let groups = rollup::due(p, horizon);
                Response::html(200, pages::province::due(&ctx, &ctx.commune, &groups, within))
            }
            Route::Report => self.report(&ctx, target, &Books::province(p), today, |period, as_of| {
                crate::report::build_province(p, period, as_of, as_of)
            }),
            Route::Product(q) => match member(q) {
                Some((m, tree, id)) => self.product(&in_commune(&ctx, m), tree, &id, today),
                None => Response::html(404, ctx.error_page("serve.error_404", &not_found_detail(ctx.lang, q))),
            },
            Route::Producer(q) => match member(q) {
                Some((m, tree, id)) => self.producer(&in_commune(&ctx, m), tree, &id, today),
                None => Response::html(404, ctx.error_page("serve.error_404", &not_found_detail(ctx.lang, q))),
            },
            Route::Evidence(rel) => {
                let owner =
                    p.ready().find(|(m, _)| rel.starts_with(&format!("{}/", m.entry.path.trim_end_matches('/'))));
                match owner {
                    Some((m, tree)) => {
                        let base = format!("{}/", m.entry.path.trim_end_matches('/'));
                        self.evidence(&ctx, tree, &base, rel)
                    }
                    None => self.evidence_refused(&ctx, rel),
                }
            }
            Route::Diff => self.province_diff(&ctx, target, p, today),
            Route::Static(_) | Route::NotFound => Response::html(404, ctx.error_page("serve.error_404", "")),
        }
    }

    fn ctx(&self, target: &Target, tree: &Tree) -> Ctx {
        let tree_lang = tree.catalog.commune.as_ref().and_then(|c| c.value.language);
        let default_lang = self.config.lang.or(tree_lang).unwrap_or_default();
        let commune = tree.catalog.commune.as_ref().map(|c| c.value.name.clone()).unwrap_or_else(|| "OCOP".into());
        self.ctx_with(target, default_lang, commune)
    }

    /// A context without opening the tree (refusals, built-in files).
    fn bare_ctx(&self, target: &Target) -> Ctx {
        let lang = self.config.lang.or_else(|| crate::load::commune_language(&self.config.root)).unwrap_or_default();
        self.ctx_with(target, lang, "OCOP".into())
    }

    fn ctx_with(&self, target: &Target, default_lang: Lang, commune: String) -> Ctx {
        let lang = match target.get("lang") {
            Some("en") => Lang::En,
            Some("vi") => Lang::Vi,
            _ => default_lang,
        };
        let path = match &target.route {
            Route::Status => "/".to_string(),
            Route::Product(id) => format!("/product/{}", markup::encode_path(id)),
            Route::Producer(id) => format!("/producer/{}", markup::encode_path(id)),
            Route::Due => "/due".into(),
            Route::Report => "/report".into(),
            Route::Diff => "/diff".into(),
            Route::Province => "/province".into(),
            _ => "/".into(),
        };
        Ctx {
            lang,
            default_lang,
            commune,
            path,
            query: target.query.clone(),
            git: self.repo.is_some(),
            province: false,
            commune_key: None,
            commune_path: None,
        }
    }

    fn not_found(&self, target: &Target, detail: &str) -> Response {
        Response::html(404, self.bare_ctx(target).error_page("serve.error_404", detail))
    }

    fn status(&self, ctx: &Ctx, target: &Target, tree: &Tree, today: NaiveDate) -> Response {
        let (filter, mut shown) = status_filter(target);
        let mut rows = crate::status::rows(&tree.catalog, today, &filter);
        sort_rows(&mut rows, shown.sort, shown.descending);
        shown.total = tree.catalog.products.len();
        Response::html(200, pages::status::page(ctx, &rows, &tree.catalog.rules, &shown))
    }

    fn product(&self, ctx: &Ctx, tree: &Tree, id: &str, today: NaiveDate) -> Response {
        let catalog = &tree.catalog;
        let Some(rec) = catalog.products.get(id) else { return no_record(ctx, catalog, RecordKind::Product, id) };
        let row = crate::status::row(catalog, rec, today);
        let eval = crate::eval::evaluate(catalog, &rec.value, today);
        let problems: Vec<_> = tree.diagnostics_of(&rec.source.path).cloned().collect();
        let view = pages::record::ProductView {
            rec,
            row: &row,
            eval: eval.as_ref(),
            producer: catalog.producers.get(rec.value.producer.as_str()),
            problems: &problems,
        };
        Response::html(200, pages::record::product(ctx, &view))
    }

    fn producer(&self, ctx: &Ctx, tree: &Tree, id: &str, today: NaiveDate) -> Response {
        let catalog = &tree.catalog;
        let Some(rec) = catalog.producers.get(id) else { return no_record(ctx, catalog, RecordKind::Producer, id) };
        let filter = Filter { producer: Some(id.to_string()), ..Default::default() };
        let rows: Vec<StatusRow> =
            crate::status::rows(catalog, today, &filter).into_iter().filter(|r| r.producer == id).collect();
        let own: Vec<&std::path::Path> =
            crate::status::products_of(catalog, id).iter().map(|r| r.source.path.as_path()).collect();
        let problems: Vec<_> = tree
            .diagnostics
            .iter()
            .filter(|d| d.path == rec.source.path || own.contains(&d.path.as_path()))
            .cloned()
            .collect();
        Response::html(200, pages::record::producer(ctx, rec, catalog, &rows, &problems))
    }

    fn due(&self, ctx: &Ctx, target: &Target, tree: &Tree, today: NaiveDate) -> Response {
        let within = match within(ctx, target) {
            Ok(n) => n,
            Err(r) => return *r,
        };
        let horizon = crate::due::Horizon { today, until: crate::dates::plus_days(today, within) };
        let dues = crate::due::list(&tree.catalog, &tree.programme, horizon);
        Response::html(200, pages::calendar::due(ctx, &dues, within))
    }

    /// The report for the period asked, computed by `build` (a commune's or the
    /// province's roll-up); `book` holds the rules its labels come from.
    fn report(
        &self,
        ctx: &Ctx,
        target: &Target,
        books: &Books<'_>,
        today: NaiveDate,
        build: impl FnOnce(crate::period::Period, NaiveDate) -> crate::report::Report,
    ) -> Response {
        use crate::period::{Period, Quarter};
        let asked = target.get("period");
        let period = match asked {
            None => Some(Period::quarter(Quarter::of(today))),
            Some(p) => Quarter::parse(p)
                .map(Period::quarter)
                .or_else(|| p.parse::<i32>().ok().filter(|y| (1900..=2199).contains(y)).and_then(Period::year)),
        };
        let Some(period) = period else {
            let detail =
                crate::i18n::fmt(ctx.lang, "serve.bad_period", &[("value", &asked.unwrap_or_default().into())]);
            let mut body = pages::calendar::report_form(ctx, asked.unwrap_or_default());
            body.el("p", &[("class", "bad")], &detail);
            return Response::html(400, ctx.page(ctx.t("serve.error_400"), Section::Report, body));
        };
        let as_of = today.min(period.to);
        let report = build(period, as_of);
        let layout = crate::render::report::doc::layout(&report, books, ctx.lang);
        let shown = asked.map_or_else(|| Quarter::of(today).to_string(), str::to_string);
        Response::bytes(200, "text/html; charset=utf-8", pages::calendar::report(ctx, &layout, &report, &shown))
    }

    fn diff(&self, ctx: &Ctx, target: &Target, working: &Tree, today: NaiveDate) -> Response {
        let Some(repo) = &self.repo else {
            return Response::html(404, ctx.error_page("serve.error_404", ctx.t("git.not_a_repository")));
        };
        let (from, to) = match revisions(ctx, target) {
            Ok(r) => r,
            Err(r) => return *r,
        };
        // A revision is materialised and opened; the working tree is the one this request
        // already has (opened, and redacted when asked, once per change on disk).
        let side = |rev: &str| -> Result<(Tree, tempfile::TempDir), crate::git::GitError> {
            let scratch = tempfile::tempdir().map_err(|e| crate::git::GitError::Failed(e.to_string()))?;
            let commit = repo.resolve(rev)?;
            let at = repo.materialize(&commit, scratch.path())?;
            let mut tree = crate::tree::open(&at, today);
            if self.config.redact {
                redact_tree(&mut tree, self.config.lang);
            }
            Ok((tree, scratch))
        };
        let sides = side(&from).and_then(|a| Ok((a, to.as_deref().map(side).transpose()?)));
        let ((a, _keep_a), b) = match sides {
            Ok(s) => s,
            Err(e) => return diff_refused(ctx, &from, to.as_deref(), &e),
        };
        let b: &Tree = b.as_ref().map_or(working, |(tree, _keep)| tree);
        let diff = crate::diff::compare(
            &crate::diff::Side { catalog: &a.catalog, diags: &a.diagnostics },
            &crate::diff::Side { catalog: &b.catalog, diags: &b.diagnostics },
            today,
            ctx.lang,
        );
        let to_label = to.clone().unwrap_or_else(|| tr(ctx.lang, "diff.working_tree").to_string());
        let lines = crate::render::diff::outline(&diff, &from, &to_label, ctx.lang);
        Response::html(200, pages::calendar::diff(ctx, &from, to.as_deref().unwrap_or_default(), &lines))
    }

    /// An evidence path no commune of the province holds: 403 when it tries to leave
    /// the tree, else 404.
    fn evidence_refused(&self, ctx: &Ctx, rel: &str) -> Response {
        match files::evidence(&self.config.root, rel, |_| false) {
            Err(files::Refusal::Forbidden) => Response::html(403, ctx.error_page("serve.error_403", "")),
            _ => Response::html(404, ctx.error_page("serve.error_404", "")),
        }
    }

    /// An evidence file at `rel` from the served root; `base` is the commune's folder
    /// in a province ("" for a commune tree), which the records' paths start from. The
    /// file is looked up in `tree` as `check` looks it up there.
    fn evidence(&self, ctx: &Ctx, tree: &Tree, base: &str, rel: &str) -> Response {
        let Some(own) = rel.strip_prefix(base) else { return self.evidence_refused(ctx, rel) };
        let listed = |own: &str| {
            tree.catalog.products.values().any(|p| {
                p.value
                    .dossier
                    .values()
                    .any(|item| item.evidence.iter().any(|e| crate::evidence::relative(e).is_ok_and(|e| e == own)))
            })
        };
        match files::evidence(&tree.catalog.root, own, listed) {
            Ok(ev) => {
                let disposition = if ev.download { "attachment" } else { "inline" };
                let name = markup::encode(&ev.name);
                let headers = vec![("Content-Disposition", format!("{disposition}; filename*=UTF-8''{name}"))];
                Response { status: 200, content_type: ev.content_type, body: Body::File(ev.file), headers }
            }
            Err(files::Refusal::Forbidden) => Response::html(403, ctx.error_page("serve.error_403", "")),
            Err(files::Refusal::NotFound) => Response::html(404, ctx.error_page("serve.error_404", "")),
        }
    }
}

/// The status filter and what the form shows, from the query.
fn status_filter(target: &Target) -> (Filter, pages::status::Shown) {
    let stage = target.get("stage").and_then(Stage::from_key);
    let search = target.get("q").unwrap_or_default().to_string();
    let filter = Filter { producer: None, stage, search: (!search.is_empty()).then(|| search.clone()) };
    let sort = target.get("sort").and_then(|s| pages::status::SORTS.iter().find(|k| **k == s)).unwrap_or(&"name");
    let descending = target.get("dir") == Some("desc");
    (filter, pages::status::Shown { search, stage, sort, descending, total: 0 })
}

/// The `within` of the calendar, or the 400 page.
fn within(ctx: &Ctx, target: &Target) -> Result<u32, Box<Response>> {
    match target.get("within").map(str::parse::<u32>) {
        None => Ok(90),
        Some(Ok(n)) if n <= MAX_WITHIN => Ok(n),
        Some(_) => {
            let detail = crate::i18n::fmt(ctx.lang, "serve.bad_within", &[("max", &MAX_WITHIN.to_string().into())]);
            Err(Box::new(Response::html(400, ctx.error_page("serve.error_400", &detail))))
        }
    }
}

/// The longest look ahead of the calendar, as `ocop due --within`.
const MAX_WITHIN: u32 = 3660;

/// The 404 page for a record id the catalog lacks: when its file is there but broken,
/// it says so (as `ocop show` does, while `check` reports where), else "not found".
fn no_record(ctx: &Ctx, catalog: &crate::load::Catalog, kind: RecordKind, id: &str) -> Response {
    let detail = if catalog.is_broken(kind.dir(), id) {
        let file = kind.rel_path(id).to_string_lossy().replace('\\', "/");
        crate::i18n::fmt(ctx.lang, "show.broken", &[("file", &file.into())])
    } else {
        not_found_detail(ctx.lang, id)
    };
    Response::html(404, ctx.error_page("serve.error_404", &detail))
}

fn not_found_detail(lang: Lang, id: &str) -> String {
    crate::i18n::fmt(lang, "show.not_found", &[("name", &id.into())])
}

/// The two revisions of the changes page (`from`, default `HEAD`; `to`, default the
/// working folders), or the 400 page for one git would read as an option.
fn revisions(ctx: &Ctx, target: &Target) -> Result<(String, Option<String>), Box<Response>> {
    let from = target.get("from").unwrap_or("HEAD").to_string();
    let to = target.get("to").map(str::to_string);
    let bad = |rev: &str| rev.starts_with('-') || rev.len() > 200 || rev.chars().any(char::is_control);
    if bad(&from) || to.as_deref().is_some_and(bad) {
        return Err(Box::new(Response::html(400, ctx.error_page("serve.error_400", ""))));
    }
    Ok((from, to))
}

/// The changes page saying why the revisions cannot be compared, with its form.
fn diff_refused(ctx: &Ctx, from: &str, to: Option<&str>, e: &crate::git::GitError) -> Response {
    let mut body = markup::Html::new();
    body.el("h1", &[], ctx.t("serve.diff_title"));
    pages::calendar::diff_form(&mut body, ctx, from, to.unwrap_or_default());
    body.el("p", &[("class", "bad")], &git_problem(ctx.lang, e));
    Response::html(400, ctx.page(ctx.t("serve.diff_title"), Section::Diff, body))
}

fn git_problem(lang: Lang, e: &crate::git::GitError) -> String {
    use crate::git::GitError;
    let (key, args): (&str, Vec<(&str, crate::i18n::LocalText)>) = match e {
        GitError::NoGit(d) => ("git.no_git", vec![("detail", d.as_str().into())]),
        GitError::NotARepository => ("git.not_a_repository", vec![]),
        GitError::NoRevision { rev, shallow: false } => ("git.no_revision", vec![("rev", rev.as_str().into())]),
        GitError::NoRevision { rev, shallow: true } => ("git.no_revision_shallow", vec![("rev", rev.as_str().into())]),
        GitError::Failed(d) => ("git.failed", vec![("detail", d.as_str().into())]),
    };
    let refs: Vec<(&str, &crate::i18n::LocalText)> = args.iter().map(|(k, v)| (*k, v)).collect();
    crate::i18n::fmt(lang, key, &refs)
}

/// True when `host` (a Host header) names this computer on `port`.
fn local_host(host: &str, port: u16) -> bool {
    let host = host.trim().to_ascii_lowercase();
    let (name, given) = match host.rsplit_once(':') {
        Some((n, p)) if !n.ends_with(':') && p.chars().all(|c| c.is_ascii_digit()) => (n, p.parse().ok()),
        _ => (host.as_str(), None),
    };
    let port_ok = given.map_or(port == 80, |p: u16| p == port);
    port_ok && matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

/// The status rows in the order the table's header asks for; ties keep the name order.
fn sort_rows(rows: &mut [StatusRow], by: &str, descending: bool) {
    // Descending is the stable ascending sort of the rows reversed, reversed again: the
    // keys descend and ties stay in name order (a plain reverse would turn them round).
    let keyed = matches!(by, "producer" | "stars" | "expiry" | "stage" | "complete");
    if descending && keyed {
        rows.reverse();
    }
    match by {
        "producer" => {
            rows.sort_by_cached_key(|r| crate::text::sort_key(r.producer_name.as_deref().unwrap_or(&r.producer)))
        }
        "stars" => rows.sort_by_key(|r| r.stars),
        "expiry" => rows.sort_by_key(|r| r.certificate.as_ref().map(|c| c.valid_through)),
        "stage" => rows.sort_by_key(|r| r.stage),
        "complete" => rows.sort_by(|a, b| {
            let share = |r: &StatusRow| if r.required == 0 { 0.0 } else { r.done as f64 / r.required as f64 };
            share(a).total_cmp(&share(b))
        }),
        _ => {}
    }
    if descending {
        rows.reverse();
    }
}

/// Serves `site` on `server` until the process ends: one request at a time, each
/// answered even when drawing it panicked (500).
pub fn run(server: &tiny_http::Server, site: &mut Site) {
    loop {
        let request = match server.recv() {
            Ok(r) => r,
            Err(_) => continue,
        };
        let method = request.method().as_str().to_string();
        let url = request.url().to_string();
        let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_string());
        let response =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| site.handle_from(host.as_deref(), &method, &url)))
                .unwrap_or_else(|_| {
                    Response::html(
                        500,
                        format!("<!DOCTYPE html><title>500</title><p>{}</p>", tr(Lang::Vi, "serve.error_500")),
                    )
                });
        let _ = request.respond(to_tiny(response));
    }
}

fn to_tiny(r: Response) -> tiny_http::Response<Box<dyn std::io::Read + Send>> {
    let (reader, length): (Box<dyn std::io::Read + Send>, Option<usize>) = match r.body {
        Body::Bytes(b) => {
            let n = b.len();
            (Box::new(std::io::Cursor::new(b)), Some(n))
        }
        Body::File(f) => {
            let n = f.metadata().ok().and_then(|m| usize::try_from(m.len()).ok());
            (Box::new(f), n)
        }
    };
    let mut headers: Vec<tiny_http::Header> = Vec::new();
    let mut add = |k: &str, v: &str| {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            headers.push(h);
        }
    };
    add("Content-Type", r.content_type);
    for (k, v) in Response::common_headers() {
        add(k, v);
    }
    for (k, v) in &r.headers {
        add(k, v);
    }
    tiny_http::Response::new(tiny_http::StatusCode(r.status), headers, reader, length, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/viet-khe");
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        Site::new(Config { root, today: Today::Fixed(today), lang: None, local_port: None, redact: false })
    }

    fn page(site: &mut Site, target: &str) -> (u16, String) {
        let r = site.handle("GET", target);
        (r.status, String::from_utf8(r.into_bytes()).expect("utf-8"))
    }

    #[test]
    fn pages_are_drawn_from_one_opening_of_an_unchanged_tree() {
        let mut s = site();
        for target in ["/", "/product/mat-ong-an-son", "/producer/htx-an-son", "/due", "/report?period=2026"] {
            let (status, body) = page(&mut s, target);
            assert_eq!(status, 200, "{target}: {body}");
        }
        assert_eq!(s.trees_opened(), 1);
    }

    #[test]
    fn a_broken_records_page_says_it_is_broken() {
        let dir = tempfile::tempdir().expect("dir");
        let root = dir.path();
        std::fs::write(root.join("ocop.toml"), "name = \"Việt Khê\"\n").expect("write");
        for folder in ["products", "producers"] {
            std::fs::create_dir_all(root.join(folder)).expect("mkdir");
            std::fs::write(root.join(folder).join("hong.toml"), "name = \"x\n").expect("write");
        }
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        let root = root.to_path_buf();
        let mut s = Site::new(Config { root, today: Today::Fixed(today), lang: None, local_port: None, redact: false });
        for (target, file) in [("/product/hong", "products/hong.toml"), ("/producer/hong", "producers/hong.toml")] {
            let (status, body) = page(&mut s, target);
            assert_eq!(status, 404, "{target}");
            assert!(body.contains(file) && body.contains("ocop check"), "{target}: {body}");
        }
        let (status, body) = page(&mut s, "/product/khong-co");
        assert_eq!(status, 404);
        assert!(!body.contains("ocop check"), "{body}");
    }

    #[test]
    fn a_descending_sort_keeps_ties_in_name_order() {
        let mut s = site();
        let (status, body) = page(&mut s, "/?sort=stars&dir=desc");
        assert_eq!(status, 200);
        let at = |name: &str| body.find(name).unwrap_or_else(|| panic!("{name} in {body}"));
        // Three ★★★ products, in name order, then the one without a certificate.
        assert!(at("Mật ong An Sơn") < at("Na bở An Sơn"), "{body}");
        assert!(at("Na bở An Sơn") < at("Rượu nếp men lá Kỳ Sơn"), "{body}");
        assert!(at("Rượu nếp men lá Kỳ Sơn") < at("Gạo nếp cái hoa vàng Việt Khê"), "{body}");
    }

    #[test]
    fn a_local_dashboard_answers_only_to_this_computers_names() {
        for ok in ["127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080"] {
            assert!(local_host(ok, 8080), "{ok}");
        }
        for bad in ["evil.example:8080", "127.0.0.1:8081", "127.0.0.1", "localhost.evil.example:8080", ""] {
            assert!(!local_host(bad, 8080), "{bad}");
        }
        assert!(local_host("localhost", 80));
        let mut s = site();
        s.config.local_port = Some(8080);
        assert_eq!(s.handle_from(Some("evil.example:8080"), "GET", "/").status, 403);
        assert_eq!(s.handle_from(None, "GET", "/").status, 403);
        assert_eq!(s.handle_from(Some("127.0.0.1:8080"), "GET", "/").status, 200);
    }

    #[test]
    fn redacted_pages_hide_personal_data() {
        let mut s = site();
        let (_, plain) = page(&mut s, "/producer/hkd-nguyen-van-thang");
        assert!(plain.contains("Nguyễn Văn Thắng"), "{plain}");
        s.config.redact = true;
        s.cache = cache::Cache::default();
        let (status, redacted) = page(&mut s, "/producer/hkd-nguyen-van-thang");
        assert_eq!(status, 200);
        assert!(!redacted.contains("Nguyễn Văn Thắng") && redacted.contains("[ẩn]"), "{redacted}");
    }

    #[test]
    fn only_reading_is_answered() {
        let mut s = site();
        let r = s.handle("POST", "/");
        assert_eq!(r.status, 405);
        assert_eq!(r.headers, [("Allow", "GET, HEAD".to_string())]);
        assert_eq!(s.trees_opened(), 0, "a refused request opens nothing");
        assert_eq!(s.handle("HEAD", "/static/app.css").status, 200);
    }

    #[test]
    fn the_table_sorts_by_the_column_asked_for() {
        let mut s = site();
        let order = |body: &str| -> Vec<usize> {
            ["Gạo nếp", "Mật ong", "Na bở", "Rượu nếp"].iter().map(|n| body.find(n).unwrap_or(usize::MAX)).collect()
        };
        let (_, by_name) = page(&mut s, "/");
        let named = order(&by_name);
        assert!(named.windows(2).all(|w| w[0] < w[1]), "{named:?}");
        let (_, reversed) = page(&mut s, "/?sort=name&dir=desc");
        let back = order(&reversed);
        assert!(back.windows(2).all(|w| w[0] > w[1]), "{back:?}");
        let (_, by_stage) = page(&mut s, "/?sort=stage");
        assert_ne!(order(&by_stage), named, "the example's stages are not in name order");
    }

    #[test]
    fn the_language_follows_the_query_then_the_option() {
        let mut s = site();
        assert!(page(&mut s, "/").1.contains("<html lang=\"vi\">"));
        assert!(page(&mut s, "/?lang=en").1.contains("<html lang=\"en\">"));
        let mut en = site();
        en.config.lang = Some(Lang::En);
        let (_, body) = page(&mut en, "/due");
        assert!(body.contains("<html lang=\"en\">") && body.contains("?lang=vi"), "{body}");
    }
}
