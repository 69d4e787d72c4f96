//! Publication dates as the crawlers wrote them, to ISO 8601.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, SecondsFormat, Timelike, Utc};

/// ISO 8601 form of a date written as RFC 2822 (`Mon, 09 Aug 2021 06:59:27 GMT`), RFC 3339, or
/// `YYYY-MM-DD[ HH:MM[:SS]]`; `None` for anything else (such as `Invalid Date`).
/// A date with a zone is given in UTC (`…Z`), so dates sort and compare as text; one without a
/// zone stays without (its zone is unknown).
pub fn to_iso8601(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Ok(dt) = DateTime::parse_from_rfc2822(raw).or_else(|_| DateTime::parse_from_rfc3339(raw)) {
        return Some(dt.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Secs, true));
    }
    numeric(raw)
}

/// `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY年MM月DD日` (month and day of one or two digits), the first
/// two optionally followed by a space or `T` and `HH:MM[:SS]`. Read here rather than through
/// chrono's format strings, whose parser the browser build would otherwise carry for these forms.
fn numeric(raw: &str) -> Option<String> {
    let (date, time) = match raw.find([' ', 'T']) {
        Some(at) => (&raw[..at], Some(raw[at + 1..].trim_start())),
        None => (raw, None),
    };
    let date = match date.strip_suffix('日') {
        Some(cjk) => {
            let (y, rest) = cjk.split_once('年')?;
            let (m, d) = rest.split_once('月')?;
            time.is_none().then_some((y, m, d))?
        }
        None => {
            let sep = if date.contains('/') { '/' } else { '-' };
            let mut parts = date.split(sep);
            let ymd = (parts.next()?, parts.next()?, parts.next()?);
            parts.next().is_none().then_some(ymd)?
        }
    };
    let (y, m, d) = date;
    let digits = |s: &str, min: usize, max: usize| {
        (s.len() >= min && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let day = NaiveDate::from_ymd_opt(digits(y, 4, 4)? as i32, digits(m, 1, 2)?, digits(d, 1, 2)?)?;
    let Some(time) = time else { return Some(iso_date(day)) };
    let mut hms = time.split(':');
    let (h, min) = (digits(hms.next()?, 1, 2)?, digits(hms.next()?, 1, 2)?);
    let sec = match hms.next() {
        Some(s) => digits(s, 1, 2)?,
        None => 0,
    };
    if hms.next().is_some() {
        return None;
    }
    let t = NaiveTime::from_hms_opt(h, min, sec)?;
    Some(format!("{}T{:02}:{:02}:{:02}", iso_date(day), t.hour(), t.minute(), t.second()))
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
            ("2021-08-09T06:59:27", Some("2021-08-09T06:59:27")),
            ("2021-08-09 06:59", Some("2021-08-09T06:59:00")),
            ("2021/08/09 06:59:27", Some("2021-08-09T06:59:27")),
            ("2021/8/9", Some("2021-08-09")),
            ("  2021-08-09  ", Some("2021-08-09")),
            ("2021年08月09日", Some("2021-08-09")),
            ("2021-02-30", None),
            ("2021-08-09 24:00:00", None),
            ("2021-08-09 06:59:27:01", None),
            ("2021-08-09 06", None),
            ("2021-08", None),
            ("2021-08-09-10", None),
            ("21-08-09", None),
            ("2021-+8-09", None),
            ("2021年8月9日 06:59", None),
            ("2021年8月", None),
        ];
        for &(raw, want) in cases {
            assert_eq!(to_iso8601(raw).as_deref(), want, "{raw:?}");
        }
    }
}
