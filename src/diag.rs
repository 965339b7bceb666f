//! Diagnostics as data: a stable code, a severity, where (file, line, column) and what is
//! wrong, with a hint. Rendering lives in `render::diagnostics`.

use crate::i18n::{Lang, LocalText, fmt};
use serde::Serialize;
use std::ops::Range;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, never a problem: not counted, never changes the exit code.
    Info,
}

macro_rules! codes {
    ($($name:ident = $code:literal, $sev:ident;)*) => {
        /// Every diagnostic the tool can emit. Codes are stable: never renumber one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($name,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $code,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$name => Severity::$sev,)* }
            }
        }
    };
}

codes! {
    ReadFailed = "E001", Error;
    NotUtf8 = "E002", Error;
    TomlSyntax = "E003", Error;
    WrongType = "E004", Error;
    BadDate = "E005", Error;
    UnknownKey = "W006", Warning;
    DuplicateId = "E007", Error;
    IdMismatch = "E008", Error;
    UnknownProducer = "E009", Error;
    EvidenceMissing = "E010", Error;
    EvidenceOutsideTree = "E011", Error;
    InvalidTaxCode = "E012", Error;
    InvalidBarcode = "E013", Error;
    RequiredItemMissing = "E014", Error;
    RequiredItemPending = "W015", Warning;
    ItemExpired = "W016", Warning;
    ItemExpiringSoon = "W017", Warning;
    CertificateExpired = "W018", Warning;
    ReevaluationWindow = "W019", Warning;
    NotApplicableWithoutReason = "E020", Error;
    IneligibleProducer = "E021", Error;
    UnknownItem = "W022", Warning;
    UnknownProductSet = "E023", Error;
    InvalidCertificate = "E024", Error;
    StageOrder = "E025", Error;
    DoneWithoutEvidence = "W026", Warning;
    InvalidRules = "E027", Error;
    MissingCommuneFile = "E028", Error;
    ItemDates = "E029", Error;
    UnknownRuleSet = "E030", Error;
    UnknownRecordRef = "E031", Error;
    UnknownDepartment = "E032", Error;
    UnknownTrainingTopic = "E033", Error;
    BadQuarter = "E034", Error;
    InspectionIncomplete = "E035", Error;
    ActivityDates = "E036", Error;
    ParticipantsTooFew = "E037", Error;
    BadTarget = "E038", Error;
    RatedWithoutCertificate = "E039", Error;
    DuplicateRegistrationCode = "W040", Warning;
    FutureDate = "E041", Error;
    CertificateExpiringSoon = "W042", Warning;
    InvalidProductCode = "E043", Error;
    ProductCodeMismatch = "W044", Warning;
    HolidaysMissing = "W045", Warning;
    OldRulesTransitionOver = "W046", Warning;
    TargetStarsOutOfRange = "E080", Error;
    TemplatePlaceholder = "W081", Warning;
    FileOutsideTree = "E050", Error;
    NotAFile = "E051", Error;
    ControlCharacter = "W055", Warning;
    FileTooLarge = "E056", Error;
    MoneyOverflow = "E057", Error;
    ReportTextName = "E060", Error;
    ReportTextBlank = "W061", Warning;
    ReportTextMissing = "E062", Error;
    MilestoneState = "E063", Error;
    ActivityLabel = "E064", Error;
    ScorePartsInvalid = "E065", Error;
    ScoreAboveBand = "I066", Info;
    RevocationInvalid = "E067", Error;
    UndatedProgress = "W068", Warning;
    EvidenceChanged = "W069", Warning;
    ApprovalStale = "W070", Warning;
    FormatTooNew = "E071", Error;
    UnknownConvention = "W072", Warning;
    ListedCertificate = "W073", Warning;
    CommuneOutside = "E082", Error;
    CommuneDuplicate = "E083", Error;
    ProvinceUnknownKey = "W084", Warning;
    CommuneMissing = "W085", Warning;
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Where in a file a diagnostic points: 1-based line and column (in characters), and
/// an excerpt of that line for the caret display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    /// At most `EXCERPT` characters of the line around the column (with `…` where cut),
    /// so a 30 MB line is never copied or echoed whole.
    #[serde(skip)]
    pub source_line: String,
    /// The column (1-based, in characters) the caret goes to in `source_line`.
    #[serde(skip)]
    pub caret: usize,
    #[serde(skip)]
    pub width: usize,
}

/// The longest excerpt of a source line a diagnostic keeps, in characters.
pub const EXCERPT: usize = 160;

impl Position {
    /// The position of byte range `span` in `text`. Counts lines from the start: use
    /// `Position::at` with precomputed line starts when locating many spans in one text.
    pub fn of(text: &str, span: Range<usize>) -> Position {
        let starts = line_starts(text);
        Position::at(text, &starts, span)
    }

    /// The position of `span` in `text`, whose line start offsets are `starts` (from
    /// `line_starts`): costs the length of one line, not of the text.
    pub fn at(text: &str, starts: &[usize], span: Range<usize>) -> Position {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line = starts.partition_point(|s| *s <= start).max(1);
        let line_start = starts.get(line - 1).copied().unwrap_or(0).min(start);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let column = text[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        let width = text[start..end].chars().count().max(1);
        let whole = text[line_start..line_end].trim_end_matches('\r');
        let (source_line, caret) = crate::safe::excerpt(whole, column, EXCERPT);
        Position { line, column, source_line, caret, width }
    }
}

/// The byte offset where each line of `text` starts (the first is 0).
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in the tree.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// Path relative to the tree's root, with `/` separators (rendered with the
    /// platform's separator).
    pub path: PathBuf,
    #[serde(flatten)]
    pub position: Option<Position>,
    /// Named values the message and hint are built from.
    #[serde(skip)]
    pub args: Vec<(&'static str, LocalText)>,
}

impl Diagnostic {
    pub fn new(code: Code, path: impl Into<PathBuf>) -> Self {
        Diagnostic { code, severity: code.severity(), path: path.into(), position: None, args: Vec::new() }
    }

    pub fn at(mut self, position: Option<Position>) -> Self {
        self.position = position;
        self
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<LocalText>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// A date argument, written for people (`28/03/2026`) like the tables.
    pub fn date(self, name: &'static str, date: impl Into<chrono::NaiveDate>) -> Self {
        let text = crate::render::labels::date(date.into());
        self.arg(name, text)
    }

    fn args(&self) -> Vec<(&str, &LocalText)> {
        self.args.iter().map(|(k, v)| (*k, v)).collect()
    }

    pub fn message(&self, lang: Lang) -> String {
        fmt(lang, &format!("diag.{}.message", self.code.as_str()), &self.args())
    }

    pub fn hint(&self, lang: Lang) -> String {
        fmt(lang, &format!("diag.{}.hint", self.code.as_str()), &self.args())
    }

    /// Sort order for output: by file, then position, then code.
    pub fn sort_key(&self) -> (PathBuf, usize, usize, Code) {
        let (l, c) = self.position.as_ref().map_or((0, 0), |p| (p.line, p.column));
        (self.path.clone(), l, c, self.code)
    }
}

impl From<String> for LocalText {
    fn from(s: String) -> Self {
        LocalText::plain(s)
    }
}

impl From<&str> for LocalText {
    fn from(s: &str) -> Self {
        LocalText::plain(s)
    }
}

/// The " (did you mean `x`?)" tail of a hint: the closest of `known` to `input`, or
/// nothing when none is close.
pub fn suggestion<'a>(input: &str, known: impl IntoIterator<Item = &'a str>) -> LocalText {
    crate::text::did_you_mean(input, known)
        .map(|s| LocalText::key("detail.did_you_mean", &[("suggestion", &LocalText::plain(s))]))
        .unwrap_or_default()
}

/// Counts of errors and warnings, for the summary line and the exit code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn of(diags: &[Diagnostic]) -> Tally {
        let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
        Tally { errors: count(Severity::Error), warnings: count(Severity::Warning) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "a = 1\r\nname = \"Mật\"\nx = 2";
        let at = text.find("\"Mật\"").expect("in text");
        let p = Position::of(text, at..at + "\"Mật\"".len());
        assert_eq!((p.line, p.column, p.width), (2, 8, 5));
        assert_eq!(p.source_line, "name = \"Mật\"");
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {}", c.as_str());
            let expected = match c.severity() {
                Severity::Error => 'E',
                Severity::Warning => 'W',
                Severity::Info => 'I',
            };
            assert!(c.as_str().starts_with(expected));
            assert_eq!(c.as_str().len(), 4);
        }
    }

    #[test]
    fn every_code_has_a_message_and_hint_in_both_languages() {
        for c in Code::ALL {
            for lang in [Lang::Vi, Lang::En] {
                for part in ["message", "hint"] {
                    let key = format!("diag.{}.{part}", c.as_str());
                    assert_ne!(crate::i18n::tr(lang, &key), "?", "{key} missing");
                }
            }
        }
    }
}
