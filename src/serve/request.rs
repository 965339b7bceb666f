//! A request as the pages need it: the method, the route its path names and the query's
//! values, decoded once here so no page ever sees a raw URL.

use std::collections::BTreeMap;

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    Status,
    Product(String),
    Producer(String),
    Due,
    Report,
    Diff,
    Province,
    /// A file in the tree, by its path from the root as the URL gave it (still to be
    /// checked: see `files::evidence`).
    Evidence(String),
    /// One of the files built into the binary.
    Static(String),
    NotFound,
}

/// A parsed request target (`/product/mat-ong-an-son?lang=en`).
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) route: Route,
    pub(crate) query: BTreeMap<String, String>,
}

impl Target {
    pub(crate) fn parse(target: &str) -> Target {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        // A fragment never reaches a server, but a hand-made request may carry one.
        let path = path.split('#').next().unwrap_or_default();
        Target { route: route(path), query: query_values(query) }
    }

    /// A query value, trimmed; None when absent or empty.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.query.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
    }
}

fn route(path: &str) -> Route {
    let rest = |prefix: &str| path.strip_prefix(prefix).map(str::to_string);
    match path {
        "/" | "" => return Route::Status,
        "/due" => return Route::Due,
        "/report" => return Route::Report,
        "/diff" => return Route::Diff,
        "/province" => return Route::Province,
        _ => {}
    }
    if let Some(p) = rest("/evidence/") {
        // Decoded whole: `%2F` and `%2e%2e` become what they say, and the file check
        // then refuses `..` however it was written.
        return decode(&p).map_or(Route::NotFound, Route::Evidence);
    }
    let one = |p: String| decode(&p).filter(|s| !s.is_empty() && !s.contains('/'));
    // An id, or `commune/id` on a province tree: plain names only.
    let id = |p: String| {
        decode(&p).filter(|s| {
            let parts: Vec<&str> = s.split('/').collect();
            parts.len() <= 2 && parts.iter().all(|x| !x.is_empty() && !x.starts_with('.'))
        })
    };
    if let Some(p) = rest("/product/") {
        return id(p).map_or(Route::NotFound, Route::Product);
    }
    if let Some(p) = rest("/producer/") {
        return id(p).map_or(Route::NotFound, Route::Producer);
    }
    if let Some(p) = rest("/static/") {
        return one(p).map_or(Route::NotFound, Route::Static);
    }
    Route::NotFound
}

fn query_values(q: &str) -> BTreeMap<String, String> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(&k.replace('+', " "))?, decode(&v.replace('+', " "))?))
        })
        .collect()
}

/// Percent-decoding; None for a broken escape or bytes that are not UTF-8.
pub(crate) fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let s = String::from_utf8(out).ok()?;
    Some(crate::text::nfc(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_read_from_decoded_paths() {
        assert_eq!(Target::parse("/").route, Route::Status);
        assert_eq!(Target::parse("/?q=mat+ong").route, Route::Status);
        assert_eq!(Target::parse("/product/mat-ong-an-son").route, Route::Product("mat-ong-an-son".into()));
        assert_eq!(Target::parse("/product/viet-khe/mat-ong").route, Route::Product("viet-khe/mat-ong".into()));
        assert_eq!(Target::parse("/product/a/b/c").route, Route::NotFound);
        assert_eq!(Target::parse("/product/..%2Fx").route, Route::NotFound);
        assert_eq!(Target::parse("/product/").route, Route::NotFound);
        assert_eq!(Target::parse("/producer/htx-an-son?lang=en").route, Route::Producer("htx-an-son".into()));
        assert_eq!(Target::parse("/evidence/%2e%2e%2fetc").route, Route::Evidence("../etc".into()));
        assert_eq!(Target::parse("/evidence/%zz").route, Route::NotFound);
        assert_eq!(Target::parse("/evidence/%ff").route, Route::NotFound);
        assert_eq!(Target::parse("/nothing").route, Route::NotFound);
    }

    #[test]
    fn query_values_are_decoded() {
        let t = Target::parse("/?q=m%E1%BA%ADt+ong&stage=preparing&lang=&x");
        assert_eq!(t.get("q"), Some("mật ong"));
        assert_eq!(t.get("stage"), Some("preparing"));
        assert_eq!(t.get("lang"), None);
        assert_eq!(t.get("x"), None);
    }
}
