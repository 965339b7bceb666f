//! HTML written with escaping by default: markup comes only from `'static` strings in the
//! source, and every other string (names, notes, paths, query values) goes through
//! `safe::html`, so nothing a record holds can become markup. No template engine: a page
//! is a few dozen calls, and this keeps the binary and its build small.

use crate::safe;

/// A page or a part of one, being written.
#[derive(Debug, Default)]
pub(crate) struct Html {
    buf: String,
}

impl Html {
    pub(crate) fn new() -> Html {
        Html::default()
    }

    /// Markup written in the source. Only `'static` strings, so record text cannot get
    /// here by accident.
    pub(crate) fn raw(&mut self, s: &'static str) -> &mut Html {
        self.buf.push_str(s);
        self
    }

    /// Text, escaped.
    pub(crate) fn text(&mut self, s: &str) -> &mut Html {
        self.buf.push_str(&safe::html(s));
        self
    }

    /// `<tag a="v" …>` with every value escaped.
    pub(crate) fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Html {
        self.buf.push('<');
        self.buf.push_str(tag);
        // An empty class says nothing; other empty values (`value=""`) do.
        for (name, value) in attrs.iter().filter(|(n, v)| !(*n == "class" && v.is_empty())) {
            self.buf.push(' ');
            self.buf.push_str(name);
            self.buf.push_str("=\"");
            self.buf.push_str(&safe::html(value));
            self.buf.push('"');
        }
        self.buf.push('>');
        self
    }

    pub(crate) fn close(&mut self, tag: &'static str) -> &mut Html {
        self.buf.push_str("</");
        self.buf.push_str(tag);
        self.buf.push('>');
        self
    }

    /// `<tag …>text</tag>`.
    pub(crate) fn el(&mut self, tag: &'static str, attrs: &[(&'static str, &str)], text: &str) -> &mut Html {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// `<a href="…">text</a>`.
    pub(crate) fn link(&mut self, href: &str, text: &str) -> &mut Html {
        self.el("a", &[("href", href)], text)
    }

    /// Another part, already written with these same rules.
    pub(crate) fn part(&mut self, other: Html) -> &mut Html {
        self.buf.push_str(&other.buf);
        self
    }

    pub(crate) fn finish(self) -> String {
        self.buf
    }
}

/// `s` percent-encoded for one path segment or query value: everything but unreserved
/// ASCII (RFC 3986) is encoded, so an id or a revision can never end a segment early.
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A tree-relative path (`evidence/a/b.pdf`) encoded segment by segment.
pub(crate) fn encode_path(p: &str) -> String {
    p.split(['/', '\\']).map(encode).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_markup_is_not() {
        let mut h = Html::new();
        h.raw("<p>").text("<script>alert(1)</script>").raw("</p>");
        h.el("a", &[("href", "/x?\"><script>")], "a & b");
        assert_eq!(
            h.finish(),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><a href=\"/x?&quot;&gt;&lt;script&gt;\">a &amp; b</a>"
        );
    }

    #[test]
    fn ids_and_paths_are_percent_encoded() {
        assert_eq!(encode("mật ong/../x"), "m%E1%BA%ADt%20ong%2F..%2Fx");
        assert_eq!(encode_path("evidence/mật ong/a b.pdf"), "evidence/m%E1%BA%ADt%20ong/a%20b.pdf");
        assert_eq!(encode_path("evidence\\x\\a.pdf"), "evidence/x/a.pdf");
    }
}
