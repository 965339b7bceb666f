//! Localised names of the model's enums and of next actions.

use crate::eval::{CertEval, CertState, ItemState};
use crate::i18n::{Lang, LocalText, fmt, tr};
use crate::model::{EvaluationKind, ItemStatus, ProducerKind, Stage};
use crate::rules::RuleSet;
use crate::status::NextAction;

/// A date for people, the one way every human format writes it: "30/09/2026".
/// Scripts get ISO dates.
pub fn date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub fn stage(lang: Lang, s: Stage) -> &'static str {
    tr(lang, &format!("stage.{}", s.key()))
}

pub fn evaluation(lang: Lang, k: EvaluationKind) -> &'static str {
    tr(lang, &format!("evaluation.{}", k.key()))
}

pub fn producer_kind(lang: Lang, k: ProducerKind) -> &'static str {
    tr(lang, &format!("producer_kind.{}", k.key()))
}

pub fn item_state(lang: Lang, s: ItemState) -> &'static str {
    tr(lang, &format!("item_state.{}", s.key()))
}

pub fn item_status(lang: Lang, s: ItemStatus) -> &'static str {
    tr(lang, &format!("item_state.{}", s.key()))
}

/// "còn 120 ngày", "hết hạn 203 ngày", with the date.
pub fn certificate(lang: Lang, c: &CertEval) -> String {
    let date = LocalText::plain(date(c.valid_through));
    let days = LocalText::plain(c.days_left.abs().to_string());
    let key = match c.state {
        CertState::Expired => "cert.expired",
        CertState::Grace => "cert.grace",
        CertState::WindowOpen => "cert.window_open",
        CertState::WindowMissed => "cert.window_missed",
        CertState::Valid => "cert.valid",
        CertState::Revoked => "cert.revoked",
    };
    let revoked = LocalText::plain(c.revoked.map(self::date).unwrap_or_default());
    fmt(lang, key, &[("date", &date), ("days", &days), ("revoked", &revoked)])
}

fn item_names(lang: Lang, rules: Option<&RuleSet>, ids: &[String]) -> String {
    ids.iter()
        .map(|id| rules.and_then(|r| r.item(id)).map_or(id.clone(), |i| i.name.get(lang).to_string()))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn next_action(lang: Lang, rules: Option<&RuleSet>, n: &NextAction) -> String {
    let date = |d: &chrono::NaiveDate| LocalText::plain(date(*d));
    match n {
        NextAction::RegisterProducer => tr(lang, "next.register_producer").to_string(),
        NextAction::FixRecord => tr(lang, "next.fix_record").to_string(),
        NextAction::RenewItems { items } => {
            fmt(lang, "next.renew_items", &[("items", &LocalText::plain(item_names(lang, rules, items)))])
        }
        NextAction::CompleteItems { items, count } => {
            let more = count.saturating_sub(items.len());
            let mut s =
                fmt(lang, "next.complete_items", &[("items", &LocalText::plain(item_names(lang, rules, items)))]);
            if more > 0 {
                s.push_str(&fmt(lang, "next.and_more", &[("count", &LocalText::plain(more.to_string()))]));
            }
            s
        }
        NextAction::SubmitToCommune => tr(lang, "next.submit").to_string(),
        NextAction::ScreenBy { deadline } => fmt(lang, "next.screen_by", &[("date", &date(deadline))]),
        NextAction::SendToProvinceBy { deadline } => fmt(lang, "next.send_by", &[("date", &date(deadline))]),
        NextAction::AwaitDecision { by } => fmt(lang, "next.await_decision", &[("date", &date(by))]),
        NextAction::FileReevaluationBy { deadline } => {
            fmt(lang, "next.file_reevaluation", &[("date", &date(deadline))])
        }
        NextAction::Monitor { until } => fmt(lang, "next.monitor", &[("date", &date(until))]),
        NextAction::Nothing => tr(lang, "next.nothing").to_string(),
        NextAction::FindDecision => tr(lang, "next.find_decision").to_string(),
    }
}

pub fn stars(n: u8) -> String {
    "★".repeat(usize::from(n))
}

/// A field's name for people (`Điện thoại`, `Số sao`), from the catalogue.
pub fn field(lang: Lang, f: &crate::fields::Field) -> &'static str {
    tr(lang, &f.label_key())
}
