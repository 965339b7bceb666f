//! `ocop serve`: a local, read-only web dashboard over the tree (the pages live in
//! `crate::serve`; this file binds the address and starts the loop).

use super::{Env, Options, Outcome};
use crate::error::UserError;
use crate::i18n::{Lang, LocalText, fmt};
use crate::serve::{Config, Loaded, Site, Today};
use anyhow::Result;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// Serve a read-only web dashboard of the tree on this computer: the status table, each
/// product and producer, the coming dates, the quarterly and yearly report and, in a git
/// repository, the changes between two revisions. Pages always show the files as they
/// are on disk. Stop it with Ctrl+C.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The port to listen on; 0 picks a free one (the address is printed either way).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Listen on this address instead of 127.0.0.1 (this computer only). Another address
    /// lets other computers on the network read every dossier: a warning says so.
    #[arg(long, value_name = "ADDRESS")]
    pub bind: Option<IpAddr>,
    /// Replace personal data (phone numbers, e-mails, ID numbers, household
    /// representatives' names) with a mark on every page.
    #[arg(long)]
    pub redact: bool,
}

pub(super) fn run(args: &Args, opts: &Options, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let root = opts.root_dir()?;
    let ip = args.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let addr = SocketAddr::new(ip, args.port);
    let server = tiny_http::Server::http(addr).map_err(|e| {
        UserError::usage(
            "serve.bind_failed",
            &[("address", &LocalText::plain(addr.to_string())), ("why", &LocalText::plain(e.to_string()))],
        )
    })?;
    let bound = server.server_addr().to_ip().unwrap_or(addr);
    let local_port = ip.is_loopback().then_some(bound.port());
    // The address is printed once the tree is open: a root that is no tree is refused
    // before anyone is told where to look.
    let (mut site, lang) = site(args, opts, env, root, local_port)?;
    if !ip.is_loopback() {
        let warning = fmt(lang, "serve.exposed", &[("address", &LocalText::plain(bound.to_string()))]);
        writeln!(err, "{}: {}", crate::i18n::tr(lang, "severity.warning"), crate::safe::terminal(&warning))?;
    }
    // stdout is data: the address alone, for scripts and tests; the sentence on stderr.
    writeln!(out, "http://{bound}/")?;
    out.flush()?;
    writeln!(err, "{}", fmt(lang, "serve.listening", &[("url", &LocalText::plain(format!("http://{bound}/")))]))?;
    crate::serve::run(&server, &mut site);
    Ok(Outcome::Clean)
}

/// The dashboard over `root` with what it holds opened once, as the pages open it
/// (redacted when asked): a folder that is no tree is refused here, the messages'
/// language comes from it, and the first page is drawn from this same opening.
fn site(args: &Args, opts: &Options, env: &Env, root: PathBuf, local_port: Option<u16>) -> Result<(Site, Lang)> {
    let today = match (opts.today_pinned, env.clock) {
        (false, Some(clock)) => Today::Clock(clock),
        _ => Today::Fixed(opts.today),
    };
    let mut site = Site::new(Config { root, today, lang: opts.lang_arg, local_port, redact: args.redact });
    let lang = match &*site.loaded() {
        Loaded::Province(p) => opts.province_style(p).lang,
        Loaded::Commune(tree) => {
            opts.is_a_tree(tree)?;
            opts.lang(Some(&tree.catalog))
        }
    };
    Ok((site, lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// Start-up opens the tree once, and the first pages reuse that opening.
    #[test]
    fn the_tree_opened_at_start_up_draws_the_first_page() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/viet-khe");
        let cli = super::super::Cli::parse_from(["ocop", "--today", "2026-11-29", "serve", "--redact"]);
        let env = Env { system_today: "2026-11-29".parse().expect("date"), current_dir: root, ..Default::default() };
        let opts = Options::from_args(&cli.global, &env).expect("options");
        let super::super::Command::Serve(args) = &cli.command else { panic!("serve") };
        let (mut site, lang) = site(args, &opts, &env, opts.root_dir().expect("root"), None).expect("a tree");
        assert_eq!(lang, Lang::Vi);
        assert_eq!(site.trees_opened(), 1);
        for target in ["/", "/product/mat-ong-an-son", "/producer/hkd-nguyen-van-thang"] {
            let r = site.handle("GET", target);
            assert_eq!(r.status, 200, "{target}");
        }
        assert_eq!(site.trees_opened(), 1, "the first pages opened the tree again");
        let redacted =
            String::from_utf8(site.handle("GET", "/producer/hkd-nguyen-van-thang").into_bytes()).expect("utf-8");
        assert!(!redacted.contains("Nguyễn Văn Thắng"), "the start-up opening is redacted as the pages' is");
    }

    #[test]
    fn a_folder_that_is_no_tree_is_refused_before_listening() {
        let dir = tempfile::tempdir().expect("dir");
        let cli = super::super::Cli::parse_from(["ocop", "--today", "2026-11-29", "serve"]);
        let env = Env {
            system_today: "2026-11-29".parse().expect("date"),
            current_dir: dir.path().into(),
            ..Default::default()
        };
        let opts = Options::from_args(&cli.global, &env).expect("options");
        let super::super::Command::Serve(args) = &cli.command else { panic!("serve") };
        assert!(site(args, &opts, &env, dir.path().to_path_buf(), None).is_err());
    }
}
