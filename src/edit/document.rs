//! A TOML file opened for editing with `toml_edit`: only the keys meant change; comments,
//! key order, spacing, quoting and unknown keys survive, and missing tables are created
//! as implicit parents with one explicit header, in the file's style.

use std::str::FromStr;
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

/// A document and the byte-level details `toml_edit` does not keep: a BOM and CRLF line
/// ends.
#[derive(Debug, Clone)]
pub struct Document {
    doc: DocumentMut,
    bom: bool,
    crlf: bool,
}

impl Document {
    /// Parses UTF-8 text (with or without BOM). The caller has already turned a parse
    /// failure into a positioned diagnostic; this error is the fallback.
    pub fn parse(text: &str) -> Result<Document, toml_edit::TomlError> {
        let (bom, text) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let crlf = text.contains("\r\n");
        let doc = DocumentMut::from_str(text)?;
        Ok(Document { doc, bom, crlf })
    }

    pub fn render(&self) -> String {
        let mut text = self.doc.to_string();
        if self.crlf {
            // Lines the edit added come out with `\n`; match the file's own line ends.
            text = text.replace("\r\n", "\n").replace('\n', "\r\n");
        }
        if self.bom {
            text.insert(0, '\u{feff}');
        }
        text
    }

    pub fn root(&mut self) -> &mut Table {
        self.doc.as_table_mut()
    }

    /// Sets the value at `path` (`["certificate", "stars"]`), creating missing tables.
    /// An equal value is left as written (keeping its quoting); a changed one keeps the
    /// old value's surrounding spaces and trailing comment.
    pub fn set(&mut self, path: &[&str], value: Value) {
        let Some((key, parents)) = path.split_last() else { return };
        let (table, inline) = table_at(self.doc.as_table_mut(), parents);
        set_in(table, key, value, inline);
    }

    /// Removes the value at `path`; returns whether there was one.
    pub fn remove(&mut self, path: &[&str]) -> bool {
        let Some((key, parents)) = path.split_last() else { return false };
        let mut table: &mut dyn TableLike = self.doc.as_table_mut();
        for p in parents {
            match table.get_mut(p).and_then(Item::as_table_like_mut) {
                Some(t) => table = t,
                None => return false,
            }
        }
        table.remove(key).is_some()
    }

    /// The value at `path`, if any.
    pub fn get(&self, path: &[&str]) -> Option<&Item> {
        let mut item = self.doc.as_item();
        for p in path {
            item = item.as_table_like()?.get(p)?;
        }
        Some(item)
    }

    /// The table at `path`, created (as `[a.b]` under implicit parents, or inline inside
    /// an inline table) when missing.
    pub fn table(&mut self, path: &[&str]) -> &mut dyn TableLike {
        table_at(self.doc.as_table_mut(), path).0
    }

    /// Appends an entry to the array of tables `key` (`[[stages]]`), right after its last
    /// entry; an inline array of tables gets an inline table.
    pub fn push_table(&mut self, key: &str, entries: &[(&str, Value)]) {
        let root = self.doc.as_table_mut();
        match root.get_mut(key) {
            Some(Item::Value(Value::Array(array))) => {
                let mut t = InlineTable::new();
                for (k, v) in entries {
                    t.insert(*k, v.clone());
                }
                push_like_last(array, Value::InlineTable(t));
            }
            Some(Item::ArrayOfTables(aot)) => aot.push(table_of(entries)),
            _ => {
                let mut aot = ArrayOfTables::new();
                aot.push(table_of(entries));
                root.insert(key, Item::ArrayOfTables(aot));
            }
        }
    }
}

impl Document {
    /// Records a new certificate: the current `certificate` (with every key, comment and
    /// sub-table it has) moves to the end of `past_certificates`, and a new
    /// `certificate` table holding `entries` takes its place in the file.
    pub fn replace_certificate(&mut self, entries: &[(&str, Value)]) {
        let root = self.doc.as_table_mut();
        let mut fresh = table_of(entries);
        let old = root.remove("certificate");
        let moved = match old {
            Some(Item::Table(old)) => {
                fresh.set_position(old.position());
                Some(old)
            }
            Some(Item::Value(Value::InlineTable(old))) => Some(old.into_table()),
            _ => None,
        };
        // Put the key back where it was among the root's keys, so the new certificate
        // is written where the old one stood.
        root.insert("certificate", Item::Table(fresh));
        let Some(mut moved) = moved else { return };
        match root.get_mut("past_certificates") {
            Some(Item::Value(Value::Array(array))) => {
                push_like_last(array, Value::InlineTable(moved.into_inline_table()));
            }
            Some(Item::ArrayOfTables(aot)) => {
                // After the entries already written, whatever their place in the file.
                let last = aot.iter().filter_map(Table::position).max();
                moved.set_position(last);
                aot.push(moved);
            }
            _ => {
                let mut aot = ArrayOfTables::new();
                aot.push(moved);
                root.insert("past_certificates", Item::ArrayOfTables(aot));
            }
        }
    }
}

fn table_of(entries: &[(&str, Value)]) -> Table {
    let mut t = Table::new();
    for (k, v) in entries {
        t.insert(k, Item::Value(v.clone()));
    }
    t
}

/// Walks down `path`, creating missing tables: the parents implicit (no header of their
/// own), the last one with a header; inside an inline table, inline tables. Says whether
/// the table found is inline.
fn table_at<'a>(root: &'a mut Table, path: &[&str]) -> (&'a mut dyn TableLike, bool) {
    let mut inline = false;
    let mut table: &mut dyn TableLike = root;
    for (i, p) in path.iter().enumerate() {
        if table.get(p).and_then(Item::as_table_like).is_none() {
            let item = if inline {
                Item::Value(Value::InlineTable(InlineTable::new()))
            } else {
                let mut t = Table::new();
                t.set_implicit(i + 1 < path.len());
                Item::Table(t)
            };
            insert_new(table, p, item, inline);
        }
        let Some(item) = table.get_mut(p) else { unreachable!("{p} was just inserted") };
        inline = inline || matches!(item, Item::Value(Value::InlineTable(_)));
        table = match item.as_table_like_mut() {
            Some(t) => t,
            None => unreachable!("{p} is a table"),
        };
    }
    (table, inline)
}

fn set_in(table: &mut dyn TableLike, key: &str, value: Value, inline: bool) {
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            if !same_value(old, &value) {
                let decor = old.decor().clone();
                *old = value;
                *old.decor_mut() = decor;
            }
        }
        Some(slot) => *slot = Item::Value(value),
        None => insert_new(table, key, Item::Value(value), inline),
    }
}

fn insert_new(table: &mut dyn TableLike, key: &str, mut item: Item, inline: bool) {
    // In `{ a = 1 }` the space before `}` belongs to the last value: hand it on.
    if inline
        && let Some((_, Item::Value(last))) = table.iter_mut().last()
        && let Item::Value(value) = &mut item
    {
        let suffix = last.decor().suffix().cloned();
        last.decor_mut().set_suffix("");
        if let Some(s) = suffix {
            value.decor_mut().set_suffix(s);
        }
        value.decor_mut().set_prefix(" ");
    }
    table.insert(key, item);
}

/// Equal TOML values, whatever their quoting or spacing.
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same_value(a, b))
        }
        (Value::InlineTable(x), Value::InlineTable(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => false,
    }
}

/// Appends `value` to `array` spaced like the elements already there, so a one-line
/// array stays on one line and a one-per-line array gets a new line.
pub fn push_like_last(array: &mut toml_edit::Array, mut value: Value) {
    let decor = array.iter().last().map(|v| v.decor().clone());
    let multi_line =
        array.iter().next().and_then(|v| v.decor().prefix()).and_then(|p| p.as_str()).is_some_and(|p| p.contains('\n'));
    array.push(value.clone());
    let len = array.len();
    if let (Some(mut decor), Some(last)) = (decor, array.get_mut(len - 1)) {
        if !multi_line {
            decor.set_prefix(" ");
        }
        decor.set_suffix("");
        value.decor_mut().clone_from(&decor);
        *last = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::from(v)
    }

    #[test]
    fn a_one_value_change_keeps_comments_and_spacing() {
        let text = "# head\nname = 'A'   # trailing\nphone = \"1\"\n\n[x]\ny = 1\n";
        let mut d = Document::parse(text).expect("parses");
        d.set(&["phone"], s("0912 345 678"));
        d.set(&["name"], s("A"));
        assert_eq!(d.render(), "# head\nname = 'A'   # trailing\nphone = \"0912 345 678\"\n\n[x]\ny = 1\n");
        d.set(&["name"], s("B"));
        assert_eq!(d.render(), "# head\nname = \"B\"   # trailing\nphone = \"0912 345 678\"\n\n[x]\ny = 1\n");
    }

    #[test]
    fn new_keys_go_after_the_last_key_of_their_table() {
        let text = "name = \"A\"\n\n# stages\n[[stages]]\nstage = \"preparing\"\n";
        let mut d = Document::parse(text).expect("parses");
        d.set(&["email"], s("a@b.vn"));
        assert_eq!(d.render(), "name = \"A\"\nemail = \"a@b.vn\"\n\n# stages\n[[stages]]\nstage = \"preparing\"\n");
    }

    #[test]
    fn a_missing_item_table_is_appended_after_its_siblings() {
        let text = "name = \"A\"\n\n[[stages]]\nstage = \"preparing\"\n\n[dossier.form_01]\nstatus = \"done\"\n\n[certificate]\nstars = 3\n";
        let mut d = Document::parse(text).expect("parses");
        d.set(&["dossier", "test_report", "status"], s("done"));
        assert_eq!(
            d.render(),
            "name = \"A\"\n\n[[stages]]\nstage = \"preparing\"\n\n[dossier.form_01]\nstatus = \"done\"\n\n[dossier.test_report]\nstatus = \"done\"\n\n[certificate]\nstars = 3\n"
        );
    }

    #[test]
    fn a_new_stage_follows_the_last_one() {
        let text = "name = \"A\"\n\n[[stages]]\nstage = \"preparing\"\n\n[dossier.a]\nstatus = \"done\"\n";
        let mut d = Document::parse(text).expect("parses");
        d.push_table("stages", &[("stage", s("submitted"))]);
        assert_eq!(
            d.render(),
            "name = \"A\"\n\n[[stages]]\nstage = \"preparing\"\n\n[[stages]]\nstage = \"submitted\"\n\n[dossier.a]\nstatus = \"done\"\n"
        );
    }

    #[test]
    fn inline_tables_stay_inline() {
        let text = "dossier = { a = { status = \"missing\" } }\nstages = [{ stage = \"preparing\" }]\n";
        let mut d = Document::parse(text).expect("parses");
        d.set(&["dossier", "a", "status"], s("done"));
        d.set(&["dossier", "b", "status"], s("done"));
        d.push_table("stages", &[("stage", s("submitted"))]);
        assert_eq!(
            d.render(),
            "dossier = { a = { status = \"done\" }, b = { status = \"done\" } }\nstages = [{ stage = \"preparing\" }, { stage = \"submitted\" }]\n"
        );
    }

    #[test]
    fn keeps_bom_and_crlf() {
        let text = "\u{feff}name = \"A\"\r\n\r\n[dossier.a]\r\nstatus = \"missing\"\r\n";
        let mut d = Document::parse(text).expect("parses");
        d.set(&["dossier", "a", "status"], s("done"));
        d.set(&["dossier", "a", "note"], s("x"));
        assert_eq!(d.render(), "\u{feff}name = \"A\"\r\n\r\n[dossier.a]\r\nstatus = \"done\"\r\nnote = \"x\"\r\n");
    }

    #[test]
    fn arrays_grow_in_their_own_style() {
        let mut d = Document::parse("a = [\"x\"]\nb = [\n  \"x\",\n  \"y\",\n]\nc = []\n").expect("parses");
        for k in ["a", "b", "c"] {
            let Some(Item::Value(Value::Array(arr))) = d.root().get_mut(k) else { panic!("array") };
            push_like_last(arr, s("z"));
        }
        assert_eq!(d.render(), "a = [\"x\", \"z\"]\nb = [\n  \"x\",\n  \"y\",\n  \"z\",\n]\nc = [\"z\"]\n");
    }

    #[test]
    fn removes_keys() {
        let mut d = Document::parse("a = 1\n# keep\nb = 2\n").expect("parses");
        assert!(d.remove(&["a"]));
        assert!(!d.remove(&["zz", "y"]));
        assert_eq!(d.render(), "# keep\nb = 2\n");
    }
}
