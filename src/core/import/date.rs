//! Publication dates as the crawlers wrote them, to ISO 8601.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, SecondsFormat, Timelike, Utc};

/// ISO 8601 form of a date written as RFC 2822 (`Mon, 09 Aug 2021 06:59:27 GMT`), RFC 3339, or
/// `YYYY-MM-DD[ HH:MM[:SS]]`; `None` for anything else (such as `Invalid Date`).
/// A date with a zone is given in UTC (`…Z`), so dates sort and compare as text; one without a
/// zone stays without (its zone is unknown).
pub fn to_iso8601(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Ok(dt) = DateTime::parse_from_rfc2822(raw).or_else(|_| DateTime::parse_from_rfc3339(raw)) {
        return Some(dt.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Secs, true));
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(raw, format) {
            let (h, m, sec) = (dt.hour(), dt.minute(), dt.second());
            return Some(format!("{}T{h:02}:{m:02}:{sec:02}", iso_date(dt.date())));
        }
    }
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"] {
        if let Ok(d) = NaiveDate::parse_from_str(raw, format) {
            return Some(iso_date(d));
        }
    }
    None
}

/// `YYYY-MM-DD`, written directly: chrono's formatter would bring its format-string machinery
/// into the browser build for two fixed forms.
fn iso_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::to_iso8601;

    #[test]
    fn reads_the_forms_crawlers_write() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Mon, 09 Aug 2021 06:59:27 GMT", Some("2021-08-09T06:59:27Z")),
            ("Tue, 15 Mar 2022 14:50:26 +0800", Some("2022-03-15T06:50:26Z")),
            ("2021-08-09T06:59:27Z", Some("2021-08-09T06:59:27Z")),
            ("2021-08-09 06:59:27", Some("2021-08-09T06:59:27")),
            ("2021-08-09", Some("2021-08-09")),
            ("2021年8月9日", Some("2021-08-09")),
            ("Invalid Date", None),
            ("", None),
            ("Mon, 32 Aug 2021 06:59:27 GMT", None),
        ];
        for &(raw, want) in cases {
            assert_eq!(to_iso8601(raw).as_deref(), want, "{raw:?}");
        }
    }
}
