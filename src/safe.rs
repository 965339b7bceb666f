//! Making text from records inert in each output: a name, note or title may hold control
//! characters (a vertical tab pasted from Word, an ESC sequence typed on purpose), bidi
//! overrides or a leading `=`. Each output format has one function here, and every
//! renderer of that format passes user text through it:
//! - `terminal`: C0 and C1 controls, DEL and bidi controls shown as visible escapes, so
//!   they never clear the screen, retitle the window, fake a link or split a table row;
//! - `xml`: characters XML 1.0 forbids replaced, so Word and Excel files always open;
//! - `csv`: cells a spreadsheet would run as a formula made plain text;
//! - `markdown`: HTML and table syntax escaped;
//! - `html`: markup characters escaped, for `serve`'s pages.
//!
//! `control` finds the characters `check` warns about and `set` and `import` refuse.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Bidi embeddings, overrides, isolates and marks: they reorder what follows them, so a
/// name can make the rest of a line read backwards ("Trojan Source").
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A character that may change how a terminal shows what follows it: C0 and C1 controls,
/// DEL and bidi controls (including tab and newline, which would break a table's layout).
pub fn is_control(c: char) -> bool {
    c.is_control() || is_bidi(c)
}

/// The first character of `s` that `check` warns about: a control other than tab and
/// newline (which multi-line notes may hold), or a bidi control.
pub fn control(s: &str) -> Option<char> {
    if !may_hold_control(s.as_bytes()) {
        return None;
    }
    s.chars().find(|&c| is_control(c) && c != '\t' && c != '\n' && c != '\r')
}

/// False when no byte of `s` can begin a character `control` looks for, judged 64 bytes
/// at a time without decoding (every record's text is scanned, so this is most of
/// `check`'s cost for the scan): C0 controls but tab, line feed and carriage return;
/// DEL; 0xC2, which leads the C1 controls; 0xD8 (U+061C) and 0xE2 (U+200E…U+2069), which
/// lead the bidi controls. Vietnamese letters are led by other bytes (0xC3–0xC6, 0xCC,
/// 0xE1), so a record rarely needs the slower look.
fn may_hold_control(s: &[u8]) -> bool {
    let suspect = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) | matches!(b, 0x7F | 0xC2 | 0xD8 | 0xE2);
    s.chunks(64).any(|chunk| chunk.iter().fold(false, |any, &b| any | suspect(b)))
}

/// `s` with every control (per `control`) made a space, runs of spaces it leaves kept as
/// they are: what `import` stores for a cell like `Mật ong_x000B_An Sơn`.
pub fn clean(s: &str) -> Cow<'_, str> {
    if control(s).is_none() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|c| !is_bidi(*c)).map(|c| if control_char(c) { ' ' } else { c }).collect())
}

fn control_char(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n' && c != '\r'
}

/// How one character shows in a terminal: itself, or a visible escape (`\n`, `\t`,
/// `\u{1b}`) when it is a control.
pub fn terminal_char(c: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if is_control(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// `s` safe to print on a terminal: every control and bidi character escaped, so one
/// line of text stays one line and nothing reaches the terminal as a command.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        terminal_char(c, &mut out);
    }
    Cow::Owned(out)
}

/// A character XML 1.0 allows in text (§2.2: tab, newline, CR and everything from
/// U+0020 except the non-characters U+FFFE and U+FFFF; Rust strings hold no surrogates).
fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// `s` with every character XML forbids replaced: a vertical tab or form feed (Word's
/// manual line and page breaks) by a space, anything else by U+FFFD, so the reader sees
/// where something was. Escaping `<` and `&` stays with each writer.
pub fn xml(s: &str) -> Cow<'_, str> {
    if s.chars().all(xml_allowed) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                c if xml_allowed(c) => c,
                '\u{0B}' | '\u{0C}' => ' ',
                _ => '\u{FFFD}',
            })
            .collect(),
    )
}

/// `s` as HTML text or a quoted attribute value that shows as itself: `<`, `>`, `&`,
/// `"` and `'` escaped, and characters XML forbids replaced (as `xml`), so a product
/// named `<script>` is a name on the page, never markup.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in xml(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A CSV cell a spreadsheet opens as text: one starting with `=`, `+`, `-`, `@`, tab or
/// CR (which Excel, LibreOffice and Google Sheets run as a formula) gets a leading `'`,
/// the OWASP advice. Plain numbers such as `-20` (days overdue) stay numbers.
pub fn csv(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !risky || is_number(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(format!("'{s}"))
}

/// Undoes `csv`: a cell that starts with `'` before a character a spreadsheet would
/// run as a formula is read without the `'` (as `ocop import` reads an exported list).
pub fn uncsv(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// `s` as Markdown text that renders as itself: HTML (`<script>`, `&amp;`) escaped,
/// table pipes escaped, newlines made spaces, and characters XML forbids replaced (many
/// Markdown tools produce XHTML).
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in xml(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of `line` around character column `column` (1-based), with
/// `…` where something was cut: a 30 MB line is never echoed whole. Returns the shown
/// text and the column the caret goes to in it.
pub fn excerpt(line: &str, column: usize, max: usize) -> (String, usize) {
    // Cheap bound first: a line of at most `max` bytes has at most `max` characters.
    if line.len() <= max || line.chars().count() <= max {
        return (line.to_string(), column);
    }
    let half = max / 2;
    let start = column.saturating_sub(1).saturating_sub(half);
    let shown: String = line.chars().skip(start).take(max).collect();
    let cut_end = line.chars().nth(start + max).is_some();
    let mut out = String::new();
    let mut col = column - start;
    if start > 0 {
        out.push('…');
        col += 1;
    }
    out.push_str(&shown);
    if cut_end {
        out.push('…');
    }
    (out, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_screen_never_hides_a_control() {
        // Every Unicode scalar, alone and in Vietnamese text past the first 64 bytes: the
        // fast screen must agree with the character-by-character definition.
        let long = "Mật ong An Sơn, xã Việt Khê, thành phố Hải Phòng — ".repeat(2);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let want = (is_control(c) && !matches!(c, '\t' | '\n' | '\r')).then_some(c);
            assert_eq!(control(&c.to_string()), want, "U+{:04X}", c as u32);
            if want.is_some() || (c as u32) < 0x3000 {
                assert_eq!(control(&format!("{long}{c}")), want, "U+{:04X} after text", c as u32);
            }
        }
        assert!(!may_hold_control("Mật ong An Sơn\tnote\r\n".as_bytes()));
    }

    #[test]
    fn html_text_is_never_markup() {
        assert_eq!(html("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(html(r#"a" onclick='x' & b"#), "a&quot; onclick=&#39;x&#39; &amp; b");
        assert_eq!(html("Mật ong\u{0}"), "Mật ong\u{FFFD}");
    }

    #[test]
    fn terminal_escapes_controls_and_bidi_and_keeps_vietnamese() {
        assert_eq!(terminal("Mật ong An Sơn"), "Mật ong An Sơn");
        assert!(matches!(terminal("Mật ong"), Cow::Borrowed(_)));
        assert_eq!(terminal("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(terminal("a\nb\tc\rd"), "a\\nb\\tc\\rd");
        assert_eq!(terminal("\u{9b}31m\u{202E}x\u{7f}"), "\\u{9b}31m\\u{202e}x\\u{7f}");
        assert_eq!(terminal("\x1b]8;;http://x\x07y"), "\\u{1b}]8;;http://x\\u{7}y");
    }

    #[test]
    fn xml_replaces_only_what_xml_forbids() {
        assert_eq!(xml("a\u{0B}b"), "a b");
        assert_eq!(xml("a\x1bb\u{FFFF}"), "a\u{FFFD}b\u{FFFD}");
        assert_eq!(xml("<a>&\t\n]]>"), "<a>&\t\n]]>");
        assert!(matches!(xml("Mật ong"), Cow::Borrowed(_)));
    }

    #[test]
    fn csv_neutralises_formulas_but_not_numbers() {
        for bad in ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "@SUM(A1)", "-1+2", "\t=1", "\r=1", "-", "+"] {
            assert_eq!(csv(bad), format!("'{bad}"), "{bad:?}");
        }
        for fine in ["-20", "+5", "-1.5", "12", "Mật ong", "a=b", ""] {
            assert_eq!(csv(fine), fine);
        }
    }

    #[test]
    fn uncsv_undoes_csv() {
        for s in ["=SUM(A1)", "+84 912", "-12 Lê Lợi", "@x", "\tx", "-20", "Mật ong", "'quoted'", ""] {
            assert_eq!(uncsv(&csv(s)), s, "{s}");
        }
        assert_eq!(uncsv("'abc"), "'abc");
    }

    #[test]
    fn markdown_escapes_html_and_pipes() {
        assert_eq!(
            markdown("<script>alert(1)</script> | a & b\nc"),
            "&lt;script&gt;alert(1)&lt;/script&gt; \\| a &amp; b c"
        );
    }

    #[test]
    fn control_and_clean_leave_tabs_and_newlines() {
        assert_eq!(control("a\tb\nc"), None);
        assert_eq!(control("Mật\u{0B}ong"), Some('\u{0B}'));
        assert_eq!(control("x\u{202E}y"), Some('\u{202E}'));
        assert_eq!(clean("Mật\u{0B}ong\u{202E}"), "Mật ong");
        assert_eq!(clean("a\nb"), "a\nb");
    }

    #[test]
    fn excerpts_cut_long_lines_around_the_column() {
        assert_eq!(excerpt("short", 3, 10), ("short".to_string(), 3));
        let line = "x".repeat(1000) + "HERE" + &"y".repeat(1000);
        let (shown, col) = excerpt(&line, 1001, 40);
        assert!(shown.chars().count() <= 42, "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().skip(col - 1).take(4).collect::<String>(), "HERE");
        let (shown, col) = excerpt(&line, 1, 40);
        assert_eq!((shown.chars().next(), col), (Some('x'), 1));
    }
}
