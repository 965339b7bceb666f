//! Inline SVG charts for the HTML report: bars for targets and completeness, a grid for
//! completeness by section. Plain shapes and text, sized by `viewBox` so they scale to a
//! phone and print crisply.

use crate::i18n::Lang;
use crate::report::Report;
// Text and attribute values are escaped as on every HTML page, `'` included (`&#39;`,
// which HTML and SVG read back as `'`).
use crate::safe::html;
use std::fmt::Write;

fn colour(ratio: f64) -> &'static str {
    if ratio >= 0.999 {
        "#2e7d32"
    } else if ratio >= 0.6 {
        "#f9a825"
    } else {
        "#c62828"
    }
}

/// Horizontal bars, one per (label, value, goal, shown), each label on its own line
/// above its bar so the chart stays legible on a phone.
fn bars(title: &str, rows: &[(String, f64, f64, String)]) -> String {
    const W: f64 = 480.0;
    const BAR: f64 = 360.0;
    const H: f64 = 44.0;
    let height = 8.0 + H * rows.len() as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {W} {height}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = html(title)
    );
    for (i, (label, value, goal, shown)) in rows.iter().enumerate() {
        let y = 4.0 + H * i as f64;
        let ratio = if *goal > 0.0 { (value / goal).clamp(0.0, 1.0) } else { 0.0 };
        let _ = write!(
            s,
            r##"<text x="0" y="{ty}" font-size="14">{l}</text><rect x="0" y="{by}" width="{BAR}" height="16" rx="2" fill="#eceff1"/><rect x="0" y="{by}" width="{w:.1}" height="16" rx="2" fill="{c}"/><text x="{vx}" y="{vy}" font-size="14" font-weight="bold">{v}</text>"##,
            ty = y + 14.0,
            l = html(&truncate(label, 60)),
            by = y + 20.0,
            w = BAR * ratio,
            c = colour(ratio),
            vx = BAR + 8.0,
            vy = y + 33.0,
            v = html(shown),
        );
    }
    s.push_str("</svg>");
    s
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

pub(super) fn targets(r: &Report, title: &str) -> String {
    let rows: Vec<_> = r
        .targets
        .iter()
        .map(|t| {
            let shown = if t.unit == "percent" {
                format!("{}% / {}%", t.actual, t.target)
            } else {
                format!("{} / {}", t.actual, t.target)
            };
            (t.title.clone(), f64::from(t.actual), f64::from(t.target), shown)
        })
        .collect();
    bars(title, &rows)
}

pub(super) fn completeness(r: &Report, title: &str) -> String {
    let rows: Vec<_> = r
        .products
        .iter()
        .map(|p| {
            (p.name.clone(), p.done as f64, p.required as f64, format!("{}/{} ({}%)", p.done, p.required, p.percent))
        })
        .collect();
    bars(title, &rows)
}

/// A grid: products down, sections across, each cell coloured by done/required; the
/// product's name sits on its own line above its cells.
pub(super) fn sections(r: &Report, title: &str, lang: Lang) -> String {
    const CW: f64 = 64.0;
    const H: f64 = 46.0;
    let width = (CW * r.sections.len() as f64).max(200.0);
    let height = 24.0 + H * r.products.len() as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = html(title)
    );
    for (j, sec) in r.sections.iter().enumerate() {
        let short = sec.short.as_ref().map_or(sec.id.as_str(), |x| x.get(lang));
        let _ = write!(
            s,
            r#"<text x="{x}" y="15" text-anchor="middle" font-size="13" font-weight="bold">{l}</text>"#,
            x = CW * j as f64 + CW / 2.0,
            l = html(short)
        );
    }
    for (i, p) in r.products.iter().enumerate() {
        let y = 24.0 + H * i as f64;
        let _ = write!(
            s,
            r#"<text x="0" y="{ty}" font-size="14">{l}</text>"#,
            ty = y + 13.0,
            l = html(&truncate(&p.name, 60))
        );
        for (j, sec) in r.sections.iter().enumerate() {
            let x = CW * j as f64;
            let (fill, label) = match p.sections.iter().find(|c| c.id == sec.id).filter(|c| c.required > 0) {
                Some(c) => (colour(c.done as f64 / c.required as f64), format!("{}/{}", c.done, c.required)),
                None => ("#eceff1", "—".to_string()),
            };
            let text = if fill == "#eceff1" || fill == "#f9a825" { "#000" } else { "#fff" };
            let _ = write!(
                s,
                r#"<rect x="{rx}" y="{ry}" width="{w}" height="22" rx="3" fill="{fill}"/><text x="{tx}" y="{ty}" text-anchor="middle" font-size="13" fill="{text}">{label}</text>"#,
                rx = x + 2.0,
                ry = y + 18.0,
                w = CW - 4.0,
                tx = x + CW / 2.0,
                ty = y + 34.0,
            );
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn titles_and_labels_are_text_never_markup() {
        let row = (r#"<b>O'Neil "A" & co</b>"#.to_string(), 1.0, 2.0, "1/2".to_string());
        let svg = super::bars("<script>\"t\"", &[row]);
        assert!(svg.contains(r#"aria-label="&lt;script&gt;&quot;t&quot;""#), "{svg}");
        assert!(svg.contains("&lt;b&gt;O&#39;Neil &quot;A&quot; &amp; co&lt;/b&gt;</text>"), "{svg}");
        assert!(!svg.contains("<script>") && !svg.contains("<b>"), "{svg}");
    }
}
