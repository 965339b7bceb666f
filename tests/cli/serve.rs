//! `ocop serve` as a user meets it: the real binary on a free port over a copy of the
//! example, every page fetched with a small HTTP client over `TcpStream` (raw paths, so
//! `..` reaches the server as typed), the headers and refusals checked, and a headless
//! Chromium that searches the status table and opens a product (skipped, loudly, only
//! outside CI when Chromium is missing, like the print tests).

use crate::diff::GitTree;
use crate::harness::{Scratch, TODAY, bin, repo};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `ocop serve`, killed when dropped.
pub(crate) struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    addr: String,
}

impl Server {
    pub(crate) fn start(root: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(bin())
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .current_dir(root)
            .env("OCOP_TODAY", TODAY)
            .env("NO_COLOR", "1")
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ocop serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("read the address");
        let addr = line.trim().trim_start_matches("http://").trim_end_matches('/').to_string();
        if addr.is_empty() {
            let _ = child.kill();
            let mut err = String::new();
            let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut err));
            panic!("ocop serve printed no address: {err}");
        }
        Server { child, addr }
    }

    /// Stops the server and returns what it wrote on stderr.
    pub(crate) fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut err = String::new();
        let _ = self.child.stderr.take().map(|mut e| e.read_to_string(&mut err));
        err
    }

    pub(crate) fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    fn request(&self, method: &str, target: &str) -> Reply {
        self.request_as(&self.addr, method, target)
    }

    /// A request naming `host` in its Host header.
    fn request_as(&self, host: &str, method: &str, target: &str) -> Reply {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
        let req =
            format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        s.write_all(req.as_bytes()).expect("send");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("receive");
        Reply::parse(&raw)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    /// Header names lower-cased.
    headers: BTreeMap<String, String>,
    pub(crate) body: String,
    /// The body as sent.
    bytes: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a header block");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).expect("status");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        let reply = Reply { status, headers, body: String::new(), bytes: Vec::new() };
        if reply.header("transfer-encoding") == "chunked" {
            body = unchunk(&body);
        }
        Reply { body: String::from_utf8_lossy(&body).into_owned(), bytes: body, ..reply }
    }

    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or_default()
    }
}

fn unchunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = b.windows(2).position(|w| w == b"\r\n") else { return out };
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[end + 2..end + 2 + size]);
        b = &b[end + 4 + size..];
    }
}

fn example() -> Scratch {
    Scratch::of(&repo().join("examples/viet-khe"))
}

fn assert_safe_headers(r: &Reply, target: &str) {
    let csp = r.header("content-security-policy");
    for part in
        ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]
    {
        assert!(csp.contains(part), "{target}: CSP {csp:?} lacks {part}");
    }
    assert!(!csp.contains("unsafe-inline"), "{target}: {csp}");
    assert_eq!(r.header("x-content-type-options"), "nosniff", "{target}");
}

/// No inline script or style anywhere: the CSP would block them, so a page must not
/// need them.
fn assert_no_inline_code(body: &str, target: &str) {
    assert!(!body.contains("<style"), "{target}: inline style");
    assert!(!body.contains(" style="), "{target}: style attribute");
    assert!(!body.contains(" onclick=") && !body.contains(" onload="), "{target}: inline handler");
    for (at, _) in body.match_indices("<script") {
        let tag = &body[at..body[at..].find('>').map_or(body.len(), |e| at + e)];
        assert!(tag.contains("src=\"/static/"), "{target}: inline script {tag}");
    }
}

#[test]
fn every_page_answers_with_its_content_and_safe_headers() {
    let s = example();
    let server = Server::start(s.path(), &[]);
    let pages: &[(&str, &[&str])] = &[
        (
            "/",
            &[
                "Tình trạng các sản phẩm",
                "Mật ong An Sơn",
                "Na bở An Sơn",
                "/product/mat-ong-an-son",
                "data-search=\"mat ong an son",
            ],
        ),
        ("/?q=mat+ong", &["Mật ong An Sơn", "value=\"mat ong\""]),
        ("/?stage=preparing", &["Mật ong An Sơn", "selected"]),
        ("/?sort=stars&dir=desc", &["class=\"desc\""]),
        ("/?lang=en", &["Where every product stands", "Tiếng Việt", "lang=\"en\""]),
        (
            "/product/mat-ong-an-son",
            &[
                "<h1>Mật ong An Sơn</h1>",
                "id=\"checklist\"",
                "Danh mục hồ sơ",
                "href=\"/evidence/evidence/mat-ong-an-son/phieu-dang-ky-mau-01.pdf\"",
                "2156/QĐ-UBND",
                "Giấy chứng nhận",
                "Phê duyệt",
                "href=\"/producer/tht-ong-an-son\"",
            ],
        ),
        ("/product/mat-ong-an-son?lang=en", &["Dossier checklist", "Certificates", "Approval"]),
        ("/producer/tht-ong-an-son", &["Mật ong An Sơn", "href=\"/product/mat-ong-an-son\""]),
        ("/due", &["Các mốc sắp tới", "id=\"due\""]),
        ("/due?within=365&lang=en", &["Coming dates", "value=\"365\""]),
        ("/report?period=2026-Q3", &["quý III/2026", "/static/report.css", "Việt Khê"]),
        ("/report?period=2026", &["năm 2026", "/static/report.css"]),
        ("/report", &["/static/report.css"]),
        ("/static/app.css", &["@media print", "@media (max-width"]),
        ("/static/app.js", &["data-search"]),
        ("/static/report.css", &["@page"]),
    ];
    for (target, wanted) in pages {
        let r = server.get(target);
        assert_eq!(r.status, 200, "{target}: {}", r.body);
        assert_safe_headers(&r, target);
        for w in *wanted {
            assert!(r.body.contains(w), "{target}: no {w:?} in\n{}", r.body);
        }
        if r.header("content-type").starts_with("text/html") {
            assert_no_inline_code(&r.body, target);
        }
    }
    let found = server.get("/?q=mat+ong");
    assert!(!found.body.contains("Na bở An Sơn"), "the search keeps only what it finds");
    let css = server.get("/static/app.css");
    assert!(css.header("content-type").starts_with("text/css"));
    let pdf = server.get("/evidence/evidence/mat-ong-an-son/phieu-dang-ky-mau-01.pdf");
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert_safe_headers(&pdf, "evidence");
    let head = server.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    server.stop();
}

#[test]
fn refusals_are_pages_with_status_codes() {
    let s = example();
    let server = Server::start(s.path(), &[]);
    for target in [
        "/evidence/../../etc/passwd",
        "/evidence/..%2f..%2fetc%2fpasswd",
        "/evidence/%2e%2e/%2e%2e/etc/passwd",
        "/evidence/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/evidence/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/evidence/%252e%252e%252fetc%252fpasswd",
        "/evidence//etc/passwd",
        "/evidence/%2Fetc%2Fpasswd",
        "/evidence/..%5c..%5cetc%5cpasswd",
        "/evidence/evidence/../../../etc/passwd",
        "/evidence/.git/config",
        "/evidence/ocop.toml",
    ] {
        let r = server.get(target);
        assert!(matches!(r.status, 403 | 404), "{target}: {}", r.status);
        assert!(!r.body.contains("root:"), "{target} leaked a file");
        assert_safe_headers(&r, target);
    }
    assert_eq!(server.get("/evidence/../../etc/passwd").status, 403);
    assert_eq!(server.get("/evidence/%2e%2e%2f%2e%2e%2fetc%2fpasswd").status, 403);
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let r = server.request(method, "/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), "GET, HEAD");
    }
    let missing = server.get("/product/khong-co");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("khong-co"));
    assert_eq!(server.get("/nothing-here").status, 404);
    assert_eq!(server.get("/static/../ocop.toml").status, 404);
    assert_eq!(server.get("/due?within=abc").status, 400);
    assert_eq!(server.get("/report?period=2026-Q9").status, 400);
    assert_eq!(server.get("/diff").status, 404, "not a git repository");
    // A page elsewhere reaching 127.0.0.1 through a name of its own (DNS rebinding).
    let port = server.addr.rsplit(':').next().expect("port").to_string();
    let rebound = server.request_as(&format!("evil.example:{port}"), "GET", "/");
    assert_eq!(rebound.status, 403);
    assert!(!rebound.body.contains("Mật ong"));
    assert_eq!(server.request_as(&format!("localhost:{port}"), "GET", "/").status, 200);
    // Still serving after all that.
    assert_eq!(server.get("/").status, 200);
    server.stop();
}

#[test]
fn record_text_is_shown_as_text() {
    let s = example();
    let path = s.path().join("products/mat-ong-an-son.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    let hostile = text.replace("name = \"Mật ong An Sơn\"", "name = \"<script>alert(1)</script>\"");
    std::fs::write(&path, hostile).expect("write");
    let server = Server::start(s.path(), &[]);
    for target in ["/", "/product/mat-ong-an-son", "/producer/tht-ong-an-son", "/?q=script"] {
        let r = server.get(target);
        assert_eq!(r.status, 200, "{target}");
        assert!(r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{target}:\n{}", r.body);
        assert!(!r.body.contains("<script>alert"), "{target}: the name became markup");
    }
    server.stop();
}

#[test]
fn pages_follow_the_files_on_disk() {
    let s = example();
    let server = Server::start(s.path(), &[]);
    assert!(server.get("/").body.contains("Mật ong An Sơn"));
    let path = s.path().join("products/mat-ong-an-son.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("name = \"Mật ong An Sơn\"", "name = \"Mật ong rừng An Sơn\"")).expect("write");
    let body = server.get("/").body;
    assert!(body.contains("Mật ong rừng An Sơn"), "the page shows the file as it is now");
    server.stop();
}

#[test]
fn the_changes_page_compares_revisions() {
    let mut t = GitTree::new();
    t.commit("ví dụ");
    let path = t.root().join("products/mat-ong-an-son.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace(
            "[dossier.product_samples]\nstatus = \"missing\"",
            "[dossier.product_samples]\nstatus = \"done\"\nevidence = [\"evidence/mat-ong-an-son/nhan-san-pham.pdf\"]",
        ),
    )
    .expect("write");
    let server = Server::start(&t.root(), &[]);
    let r = server.get("/diff");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Mật ong An Sơn"), "{}", r.body);
    assert!(r.body.contains("Thay đổi giữa hai phiên bản"));
    let head = server.get("/diff?from=HEAD&to=HEAD&lang=en");
    assert_eq!(head.status, 200);
    let bad = server.get("/diff?from=khong-co");
    assert_eq!(bad.status, 400);
    assert_eq!(server.get("/diff?from=--output=x").status, 400);
    server.stop();
}

#[test]
fn another_address_only_on_request_and_with_a_warning() {
    let s = example();
    let local = Server::start(s.path(), &[]);
    assert!(local.addr.starts_with("127.0.0.1:"), "{}", local.addr);
    let err = local.stop();
    assert!(!err.contains("cảnh báo"), "{err}");
    let open = Server::start(s.path(), &["--bind", "0.0.0.0"]);
    let err = open.stop();
    assert!(err.contains("0.0.0.0") && err.contains("máy khác trong mạng"), "{err}");
    let none = Scratch::empty();
    let out = crate::harness::run_in(none.path(), &["serve", "--port", "0"]);
    assert_eq!(out.status.code(), Some(2), "not a tree");
}

/// Chromium loads the status page through its search form's URL, sees the product,
/// follows the product's link and finds its checklist.
#[test]
fn a_browser_searches_and_opens_a_product() {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
    else {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI must have Chromium: .ci/run installs it");
        let _ =
            writeln!(std::io::stderr(), "a_browser_searches_and_opens_a_product: SKIPPED, Chromium is not installed");
        return;
    };
    let s = example();
    let server = Server::start(s.path(), &[]);
    let profile = tempfile::tempdir().expect("profile");
    let dump = |url: &str| -> String {
        let out = Command::new(chromium)
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--dump-dom"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .output()
            .expect("run chromium");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let home = dump(&format!("http://{}/", server.addr));
    // The form the officer types into: its action and field name make the URL below.
    assert!(home.contains("action=\"/\"") && home.contains("name=\"q\""), "{home}");
    let found = dump(&format!("http://{}/?q=mat+ong", server.addr));
    assert!(found.contains("Mật ong An Sơn"), "{found}");
    assert!(!found.contains("Gạo nếp cái hoa vàng"), "the search keeps only what it finds");
    let link = found
        .split("href=\"")
        .skip(1)
        .filter_map(|p| p.split_once('"').map(|(h, _)| h))
        .find(|h| h.starts_with("/product/"))
        .expect("a link to the product");
    let product = dump(&format!("http://{}{}", server.addr, link.replace("&amp;", "&")));
    assert!(product.contains("Danh mục hồ sơ") && product.contains("id=\"checklist\""), "{product}");
    assert!(product.contains("Phiếu đăng ký") || product.contains("Mẫu 01"), "{product}");
    // Printed: the checklist is there, the navigation bar and the search form are not.
    if Command::new("pdftotext").arg("-v").output().is_ok_and(|o| o.status.success()) {
        let pdf = s.path().join("product.pdf");
        let out = Command::new(chromium)
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("http://{}{}", server.addr, link.replace("&amp;", "&")))
            .output()
            .expect("run chromium");
        assert!(out.status.success() && pdf.is_file(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext");
        let text: String =
            unicode_normalization::UnicodeNormalization::nfc(&*String::from_utf8_lossy(&text.stdout)).collect();
        assert!(text.contains("Danh mục hồ sơ") && text.contains("Mật ong An Sơn"), "{text}");
        assert!(!text.contains("English") && !text.contains("Mốc thời hạn"), "the navigation is printed:\n{text}");
    } else {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI must have pdftotext: .ci/run installs it");
    }
    server.stop();
}

/// A province tree of plain folders: the roll-up with its subtotals, a commune not
/// checked out named, a commune's product page with its evidence, the rolled-up dates
/// and report.
#[test]
fn a_province_tree_rolls_its_communes_up() {
    let s = Scratch::empty();
    let root = s.path();
    crate::harness::copy_tree(&repo().join("examples/viet-khe"), &root.join("communes/viet-khe"));
    crate::harness::copy_tree(&repo().join("examples/viet-khe"), &root.join("communes/an-son"));
    let file = root.join("communes/an-son/ocop.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    let text = text.replace("name = \"Việt Khê\"", "name = \"An Sơn\"").replace("\"11353\"", "\"11354\"");
    std::fs::write(&file, text).expect("write");
    std::fs::remove_file(root.join("communes/an-son/products/ruou-nep-men-la-ky-son.toml")).expect("remove");
    let province = "kind = \"province\"\nname = \"Thành phố Hải Phòng\"\ncode = \"31\"\n\n\
        [[communes]]\npath = \"communes/viet-khe\"\ncode = \"11353\"\nname = \"Việt Khê\"\n\n\
        [[communes]]\npath = \"communes/an-son\"\ncode = \"11354\"\nname = \"An Sơn\"\n\n\
        [[communes]]\npath = \"communes/ha-lung\"\ncode = \"11355\"\nname = \"Hạ Lũng\"\n";
    std::fs::write(root.join("ocop.toml"), province).expect("write");
    let server = Server::start(root, &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    for w in [
        "<h1>Thành phố Hải Phòng</h1>",
        "id=\"commune-viet-khe\"",
        "id=\"commune-an-son\"",
        "Cộng Việt Khê: 4 sản phẩm",
        "Cộng An Sơn: 3 sản phẩm",
        "Hạ Lũng",
        "chưa checkout",
        "Toàn tỉnh: 7 sản phẩm",
        "href=\"/product/an-son/mat-ong-an-son\"",
    ] {
        assert!(home.body.contains(w), "no {w:?} in\n{}", home.body);
    }
    assert_no_inline_code(&home.body, "/");
    let found = server.get("/?q=mat+ong");
    assert!(found.body.contains("Toàn tỉnh: 2 sản phẩm"), "{}", found.body);
    let product = server.get("/product/an-son/mat-ong-an-son");
    assert_eq!(product.status, 200);
    assert!(
        product.body.contains("id=\"checklist\"") && product.body.contains("href=\"/producer/an-son/tht-ong-an-son\"")
    );
    let evidence = "/evidence/communes/an-son/evidence/mat-ong-an-son/phieu-dang-ky-mau-01.pdf";
    assert!(product.body.contains(&format!("href=\"{evidence}\"")), "{}", product.body);
    assert_eq!(server.get(evidence).status, 200);
    assert_eq!(server.get("/evidence/communes/an-son/../../../etc/passwd").status, 403);
    assert_eq!(server.get("/evidence/communes/an-son/ocop.toml").status, 404);
    assert_eq!(server.get("/producer/an-son/tht-ong-an-son").status, 200);
    assert_eq!(server.get("/product/ha-lung/x").status, 404);
    let due = server.get("/due?within=365");
    assert_eq!(due.status, 200);
    assert!(due.body.contains("id=\"commune-an-son\""), "{}", due.body);
    let report = server.get("/report?period=2026-Q3");
    assert_eq!(report.status, 200, "{}", report.body);
    assert!(report.body.contains("/static/report.css"));
    assert_eq!(server.get("/diff").status, 404);
    server.stop();
}

#[test]
fn redact_hides_personal_data_on_every_page() {
    let s = example();
    let server = Server::start(s.path(), &["--redact"]);
    for target in ["/", "/producer/hkd-nguyen-van-thang", "/due?within=3660"] {
        let r = server.get(target);
        assert_eq!(r.status, 200, "{target}");
        assert!(!r.body.contains("Nguyễn Văn Thắng"), "{target}: a household head's name shown");
    }
    assert!(server.get("/producer/hkd-nguyen-van-thang").body.contains("[ẩn]"));
    server.stop();
}

/// One evidence entry of the hard-names fixture: as the record writes it, where the file
/// is on disk (None: no file made there), and whether `check` and the dashboard must
/// both find it.
struct Entry {
    written: String,
    on_disk: Option<String>,
    present: bool,
}

fn nfd(s: &str) -> String {
    unicode_normalization::UnicodeNormalization::nfd(s).collect()
}

/// A TOML basic string, with combining marks escaped so an NFD entry stays NFD in the
/// record (the loader makes a file's text NFC, not what its escapes spell).
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' | '"' => {
                out.push('\\');
                out.push(c);
            }
            '\u{300}'..='\u{36f}' => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The example with one checklist item naming evidence whose names need care: `%`, `:`,
/// `#`, `?`, spaces, Vietnamese letters NFC and NFD on either side, `./`, backslashes, a
/// hidden name, links in and out, and paths `check` refuses.
fn hard_names() -> (Scratch, Vec<Entry>, tempfile::TempDir) {
    let s = example();
    let outside = tempfile::tempdir().expect("dir");
    std::fs::write(outside.path().join("bi-mat.pdf"), "bí mật").expect("write");
    let e = |written: &str, on_disk: Option<&str>, present: bool| Entry {
        written: written.to_string(),
        on_disk: on_disk.map(str::to_string),
        present,
    };
    let entries = vec![
        e("./evidence/a.pdf", Some("evidence/a.pdf"), true),
        e("evidence/x/100% chắc.pdf", Some("evidence/x/100% chắc.pdf"), true),
        e("evidence/x/%2e%2e.pdf", Some("evidence/x/%2e%2e.pdf"), true),
        e("evidence/x/giờ 10:30.pdf", Some("evidence/x/giờ 10:30.pdf"), true),
        e("evidence/x/số #1.pdf", Some("evidence/x/số #1.pdf"), true),
        e("evidence/x/có không?.txt", Some("evidence/x/có không?.txt"), true),
        e("evidence/x/a b  c.pdf", Some("evidence/x/a b  c.pdf"), true),
        e("evidence/x/Giấy chứng nhận.pdf", Some("evidence/x/Giấy chứng nhận.pdf"), true),
        e("evidence/Giấy tờ/Mẫu số 01.pdf", Some(&nfd("evidence/Giấy tờ/Mẫu số 01.pdf")), true),
        e(&nfd("evidence/x/Phiếu kiểm nghiệm.pdf"), Some(&nfd("evidence/x/Phiếu kiểm nghiệm.pdf")), true),
        e(&nfd("evidence/x/Bản tự công bố.pdf"), Some("evidence/x/Bản tự công bố.pdf"), true),
        e("evidence\\x\\win.pdf", Some("evidence/x/win.pdf"), true),
        e("evidence/x/.scan.pdf", Some("evidence/x/.scan.pdf"), true),
        e("evidence/x/link-in.pdf", None, cfg!(unix)),
        e("evidence/x/khong-co.pdf", None, false),
        e("evidence/x", None, false),
        e("../ngoai.pdf", None, false),
        e("C:\\scans\\a.pdf", None, false),
        e("evidence/x/link-out.pdf", None, false),
        e("evidence/x/link-ra/bi-mat.pdf", None, false),
    ];
    for (i, entry) in entries.iter().enumerate() {
        if let Some(rel) = &entry.on_disk {
            let path = s.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
            std::fs::write(&path, content(i)).expect("write");
        }
    }
    std::fs::write(s.path().join("evidence/x/khong-ghi.pdf"), "không ghi trong hồ sơ").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(s.path().join("evidence/a.pdf"), s.path().join("evidence/x/link-in.pdf")).expect("link");
        symlink(outside.path().join("bi-mat.pdf"), s.path().join("evidence/x/link-out.pdf")).expect("link");
        symlink(outside.path(), s.path().join("evidence/x/link-ra")).expect("link");
    }
    let list: Vec<String> = entries.iter().map(|e| format!("  {},\n", toml_string(&e.written))).collect();
    let path = s.path().join("products/mat-ong-an-son.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    let item = "[dossier.form_02]\nstatus = \"in_progress\"\n";
    assert!(text.contains(item));
    let text = text.replace(item, &format!("{item}evidence = [\n{}]\n", list.concat()));
    std::fs::write(&path, text).expect("write");
    (s, entries, outside)
}

/// The bytes of the `i`th entry's file: its number, and bytes that are not text.
fn content(i: usize) -> Vec<u8> {
    let mut b = format!("tệp số {i}\n").into_bytes();
    b.extend_from_slice(&[0, 0xff, 0xfe, u8::try_from(i).unwrap_or(0)]);
    b
}

/// The address the product page links `written` to, as the page has it.
fn link_to(page: &str, written: &str) -> Option<String> {
    let text = written.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let end = page.find(&format!("\">{text}</a>"))?;
    let start = page[..end].rfind("href=\"")? + "href=\"".len();
    Some(page[start..end].replace("&amp;", "&"))
}

/// Each hard name's link on the product page answers 200 with the file's exact bytes.
#[test]
fn evidence_links_round_trip_hard_names() {
    let (s, entries, _outside) = hard_names();
    let server = Server::start(s.path(), &[]);
    let page = server.get("/product/mat-ong-an-son");
    assert_eq!(page.status, 200, "{}", page.body);
    for (i, entry) in entries.iter().enumerate().filter(|(_, e)| e.on_disk.is_some()) {
        let href = link_to(&page.body, &entry.written).unwrap_or_else(|| panic!("no link to {:?}", entry.written));
        assert!(!href.contains([' ', '#', '?', ':', '\\']), "{href}: not encoded");
        let r = server.get(&href);
        assert_eq!(r.status, 200, "{:?} at {href}: {}", entry.written, r.body);
        assert_eq!(r.bytes, content(i), "{:?} at {href}", entry.written);
        assert_safe_headers(&r, &href);
    }
    let txt = link_to(&page.body, "evidence/x/có không?.txt").expect("link");
    assert_eq!(server.get(&txt).header("content-type"), "text/plain; charset=utf-8");
    // A file no record lists; a path that leaves the tree only if decoded twice is a
    // name no record lists (while the file named `%2e%2e.pdf` above is served).
    assert_eq!(server.get("/evidence/evidence/x/khong-ghi.pdf").status, 404);
    let twice = server.get("/evidence/evidence/x/%252e%252e%252f%252e%252e%252fproducts%252fmat-ong-an-son.toml");
    assert_eq!(twice.status, 404);
    server.stop();
}

/// What `check` finds present is exactly what the dashboard serves: every entry of the
/// fixture is judged by both.
#[test]
fn check_and_serve_agree_on_evidence() {
    let (s, entries, _outside) = hard_names();
    let text = std::fs::read_to_string(s.path().join("products/mat-ong-an-son.toml")).expect("read");
    let line_of = |written: &str| {
        let wanted = format!("  {},", toml_string(written));
        text.lines().position(|l| l == wanted).map(|n| n + 1).expect("the entry's line")
    };
    let out = s.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let refused: Vec<u64> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| matches!(d["code"].as_str(), Some("E010" | "E011")))
        .filter(|d| d["path"] == "products/mat-ong-an-son.toml")
        .filter_map(|d| d["line"].as_u64())
        .collect();
    let by_check: Vec<&str> = entries
        .iter()
        .filter(|e| !refused.contains(&(line_of(&e.written) as u64)))
        .map(|e| e.written.as_str())
        .collect();
    let server = Server::start(s.path(), &[]);
    let page = server.get("/product/mat-ong-an-son").body;
    let mut by_serve = Vec::new();
    for e in &entries {
        match link_to(&page, &e.written) {
            Some(href) if server.get(&href).status == 200 => by_serve.push(e.written.as_str()),
            Some(_) => {}
            None => {
                // No link drawn: the path as written, encoded, is refused too.
                let naive: String = e.written.split(['/', '\\']).map(encode).collect::<Vec<_>>().join("/");
                let r = server.get(&format!("/evidence/{naive}"));
                assert!(matches!(r.status, 403 | 404), "{:?}: {}", e.written, r.status);
            }
        }
    }
    let expected: Vec<&str> = entries.iter().filter(|e| e.present).map(|e| e.written.as_str()).collect();
    assert_eq!(by_check, expected, "check");
    assert_eq!(by_serve, by_check, "serve serves exactly what check finds");
    for outside in ["evidence/x/link-out.pdf", "evidence/x/link-ra/bi-mat.pdf"] {
        let href = link_to(&page, outside).expect("a link");
        let r = server.get(&href);
        assert_eq!(r.status, 403, "{outside}");
        assert!(!r.body.contains("bí mật"), "{outside} leaked");
    }
    server.stop();
}

/// Percent-encoding as a browser would send any character but unreserved ASCII.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
