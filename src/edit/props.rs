//! Property test: random `set` operations on a commented file change only the lines of
//! the values they set (keeping each line's trailing comment), add only the keys and
//! tables they create, and always leave a file that loads with the values set.

use super::fields::date_value;
use super::{Change, Document, apply};
use crate::load::{SourceFile, keys_product};
use crate::model::ItemStatus;
use crate::model::Product;
use crate::text::nfc;
use proptest::prelude::*;
use similar::{ChangeTag, TextDiff};
use toml_edit::Value;

const FILE: &str = "\
#:schema ../schema/product.json
# Mật ong: chú thích đầu tệp.
name = 'Mật ong An Sơn'   # tên
producer = \"htx-an-son\"
set    = 4
evaluation = \"first\"
khoa_la = { a = 1 }   # khóa lạ

[[stages]]
stage = \"preparing\"
date = 2026-07-15

# Danh mục hồ sơ.
[dossier.form_01]
status = \"done\"   # xong
evidence = [
    \"evidence/a.pdf\",
]
issued = 2026-10-20 # ngày cấp
note = \"ghi chú\"

[dossier.test_report]
status    = \"missing\"
note = 'Chờ gửi mẫu'   # ghi chú cũ
reason = \"\"\"
nhiều dòng\"\"\"

# Cuối tệp.
";

/// One random edit of a dossier item's key.
#[derive(Debug, Clone)]
enum Op {
    Status(String, &'static str),
    Note(String, String),
    Issued(String, (u16, u8, u8)),
}

impl Op {
    fn item(&self) -> &str {
        match self {
            Op::Status(i, _) | Op::Note(i, _) | Op::Issued(i, _) => i,
        }
    }

    fn key(&self) -> &'static str {
        match self {
            Op::Status(..) => "status",
            Op::Note(..) => "note",
            Op::Issued(..) => "issued",
        }
    }

    fn change(&self) -> Change {
        let value = match self {
            Op::Status(_, s) => Value::from(*s),
            Op::Note(_, n) => Value::from(nfc(n)),
            Op::Issued(_, (y, m, d)) => {
                date_value(chrono::NaiveDate::from_ymd_opt(i32::from(*y), u32::from(*m), u32::from(*d)).expect("valid"))
            }
        };
        Change::set(&["dossier", self.item(), self.key()], value)
    }
}

fn op() -> impl Strategy<Value = Op> {
    let item = prop::sample::select(vec!["form_01", "test_report", "label", "product_story"]).prop_map(String::from);
    prop_oneof![
        (item.clone(), prop::sample::select(ItemStatus::KEYS)).prop_map(|(i, s)| Op::Status(i, s)),
        (item.clone(), "\\PC{0,24}").prop_map(|(i, n)| Op::Note(i, n)),
        (item, (2000u16..2030, 1u8..=12, 1u8..=28)).prop_map(|(i, d)| Op::Issued(i, d)),
    ]
}

/// The line of `key` inside `[dossier.<item>]` in `text`, if the key is there.
fn line_of(text: &str, item: &str, key: &str) -> Option<usize> {
    let header = format!("[dossier.{item}]");
    let start = text.lines().position(|l| l.trim() == header)?;
    text.lines()
        .enumerate()
        .skip(start + 1)
        .take_while(|(_, l)| !l.starts_with('['))
        .find(|(_, l)| l.split('=').next().is_some_and(|k| k.trim() == key))
        .map(|(i, _)| i)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_sets_keep_every_other_byte(ops in prop::collection::vec(op(), 1..6)) {
        let mut doc = Document::parse(FILE).expect("parses");
        let changes: Vec<Change> = ops.iter().map(Op::change).collect();
        apply(&mut doc, &changes);
        let new = doc.render();

        // Lines that may change: those of keys set that were already in the file.
        let touched: Vec<usize> = ops.iter().filter_map(|o| line_of(FILE, o.item(), o.key())).collect();
        let old_lines: Vec<&str> = FILE.lines().collect();
        let diff = TextDiff::from_lines(FILE, &new);
        for change in diff.iter_all_changes() {
            match change.tag() {
                ChangeTag::Delete => {
                    let i = change.old_index().expect("old line");
                    prop_assert!(touched.contains(&i), "line {} changed: {:?}\n{}", i + 1, old_lines[i], new);
                }
                ChangeTag::Insert => {
                    let line = change.value().trim_end_matches('\n');
                    let ok = line.is_empty()
                        || line.starts_with("[dossier.")
                        || ["status", "note", "issued"].iter().any(|k| line.starts_with(&format!("{k} ")) || line.starts_with(&format!("{k}    ")));
                    prop_assert!(ok, "unexpected new line {:?}\n{}", line, new);
                }
                ChangeTag::Equal => {}
            }
        }
        // A changed line keeps its trailing comment.
        for &i in &touched {
            if let Some((_, comment)) = old_lines[i].split_once(" # ").filter(|_| !old_lines[i].contains("'''")) {
                let key = old_lines[i].split('=').next().unwrap_or_default().trim();
                let kept = new.lines().any(|l| l.starts_with(key) && l.ends_with(&format!(" # {comment}")));
                prop_assert!(kept, "comment `# {}` lost\n{}", comment, new);
            }
        }
        prop_assert!(new.ends_with("\n# Cuối tệp.\n"), "{}", new);

        // The result loads, with the last value set for each key.
        let source = SourceFile::new("products/x.toml", nfc(&new));
        let (product, _) = source.parse::<Product>(&keys_product).map_err(|d| TestCaseError::fail(format!("{d:?}\n{new}")))?;
        for (i, o) in ops.iter().enumerate() {
            if ops[i + 1..].iter().any(|later| later.item() == o.item() && later.key() == o.key()) {
                continue;
            }
            let item = &product.dossier[o.item()];
            match o {
                Op::Status(_, s) => prop_assert_eq!(item.status.key(), *s),
                Op::Note(_, n) => prop_assert_eq!(item.note.clone(), Some(nfc(n))),
                Op::Issued(_, (y, m, d)) => prop_assert_eq!(item.issued.map(|d| d.to_string()), Some(format!("{y:04}-{m:02}-{d:02}"))),
            }
        }
        prop_assert_eq!(product.name.as_str(), "Mật ong An Sơn");
    }
}
