//! `ocop serve`: a local, read-only web dashboard over the tree (the pages live in
//! `crate::serve`; this file binds the address and starts the loop).

use super::{Env, Options, Outcome};
use crate::error::UserError;
use crate::i18n::{LocalText, fmt};
use crate::serve::{Config, Site, Today};
use anyhow::Result;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

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
    // Refuse what is no tree before listening; a province tree rolls its communes up.
    let lang = match opts.province(crate::province::Depth::Records)? {
        Some(p) => opts.province_style(&p).lang,
        None => opts.lang(Some(&opts.open_tree()?.catalog)),
    };
    let ip = args.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let addr = SocketAddr::new(ip, args.port);
    let server = tiny_http::Server::http(addr).map_err(|e| {
        UserError::usage(
            "serve.bind_failed",
            &[("address", &LocalText::plain(addr.to_string())), ("why", &LocalText::plain(e.to_string()))],
        )
    })?;
    let bound = server.server_addr().to_ip().unwrap_or(addr);
    if !ip.is_loopback() {
        let warning = fmt(lang, "serve.exposed", &[("address", &LocalText::plain(bound.to_string()))]);
        writeln!(err, "{}: {}", crate::i18n::tr(lang, "severity.warning"), crate::safe::terminal(&warning))?;
    }
    // stdout is data: the address alone, for scripts and tests; the sentence on stderr.
    writeln!(out, "http://{bound}/")?;
    out.flush()?;
    writeln!(err, "{}", fmt(lang, "serve.listening", &[("url", &LocalText::plain(format!("http://{bound}/")))]))?;
    let today = match (opts.today_pinned, env.clock) {
        (false, Some(clock)) => Today::Clock(clock),
        _ => Today::Fixed(opts.today),
    };
    let local_port = ip.is_loopback().then_some(bound.port());
    let mut site =
        Site::new(Config { root: opts.root_dir()?, today, lang: opts.lang_arg, local_port, redact: args.redact });
    crate::serve::run(&server, &mut site);
    Ok(Outcome::Clean)
}
