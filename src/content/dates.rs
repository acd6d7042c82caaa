//! Dates in every form Hugo accepts in front matter.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// Parses a front matter date; one without a zone is read in the site's time zone.
pub fn parse(text: &str, tz: &TimeZone) -> Result<Zoned, String> {
    let text = text.trim();
    match parse_padded(text, tz) {
        Err(e) => match pad_hour(text) {
            Some(padded) => parse_padded(&padded, tz),
            None => Err(e),
        },
        ok => ok,
    }
}

/// A date given as a number, which Hugo reads as seconds since 1970 (UTC).
pub fn from_unix(seconds: i64) -> Option<Zoned> {
    Some(
        Timestamp::from_second(seconds)
            .ok()?
            .to_zoned(TimeZone::UTC),
    )
}

/// A date past the last one inkstone can represent (late 9999), such as the `9999-12-31` sites
/// use for "never expires": the last one there is.
fn latest(tz: &TimeZone) -> Zoned {
    Timestamp::MAX.to_zoned(tz.clone())
}

/// Go's time parsing, which Hugo uses, reads the hour of `15:04` as one or two digits
/// (`2019-05-28T7:15:43+08:00`); every other field has its fixed width. The date with the hour
/// given two digits, when it has a one-digit hour.
fn pad_hour(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let date_end = 10;
    let separates = matches!(bytes.get(date_end), Some(b'T' | b't' | b' '));
    let one_digit = bytes.get(date_end + 1).is_some_and(u8::is_ascii_digit)
        && bytes.get(date_end + 2) == Some(&b':');
    (separates && one_digit).then(|| {
        let (date, time) = text.split_at(date_end + 1);
        format!("{date}0{time}")
    })
}

fn parse_padded(text: &str, tz: &TimeZone) -> Result<Zoned, String> {
    if let Ok(ts) = text.parse::<Timestamp>() {
        // Keep the author's own offset so the page shows the date they wrote.
        let offset = offset_of(text).unwrap_or_else(|| tz.to_offset(ts));
        return Ok(ts.to_zoned(TimeZone::fixed(offset)));
    }
    if let Ok(dt) = text.parse::<DateTime>() {
        return Ok(dt.to_zoned(tz.clone()).unwrap_or_else(|_| latest(tz)));
    }
    if let Ok(date) = text.parse::<Date>() {
        return Ok(date.to_zoned(tz.clone()).unwrap_or_else(|_| latest(tz)));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%d %H:%M %z",
    ] {
        if let Ok(zoned) = jiff::fmt::strtime::parse(format, text).and_then(|t| t.to_zoned()) {
            return Ok(zoned);
        }
    }
    for format in ["%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d"] {
        if let Ok(dt) = jiff::fmt::strtime::parse(format, text).and_then(|t| t.to_datetime()) {
            return dt.to_zoned(tz.clone()).map_err(|e| e.to_string());
        }
    }
    Err(format!("{text:?} is not a date inkstone understands"))
}

/// The UTC offset written at the end of an RFC 3339 date (`Z`, `+08:00`).
fn offset_of(text: &str) -> Option<jiff::tz::Offset> {
    if text.ends_with(['Z', 'z']) {
        return Some(jiff::tz::Offset::UTC);
    }
    let sign_at = text.rfind(['+', '-'])?;
    let (sign, rest) = text[sign_at..].split_at(1);
    let (hours, minutes) = rest
        .split_once(':')
        .unwrap_or((rest.get(..2)?, rest.get(2..)?));
    let seconds = hours.parse::<i32>().ok()? * 3600 + minutes.parse::<i32>().ok()? * 60;
    let seconds = if sign == "-" { -seconds } else { seconds };
    jiff::tz::Offset::from_seconds(seconds).ok()
}

/// RFC 3339 with the page's own offset, the form handed to templates and feeds.
pub fn rfc3339(date: &Zoned) -> String {
    date.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc8() -> TimeZone {
        TimeZone::fixed(jiff::tz::offset(8))
    }

    #[test]
    fn keeps_the_written_offset() {
        let d = parse("2018-08-11T11:37:36+08:00", &TimeZone::UTC).unwrap();
        assert_eq!(rfc3339(&d), "2018-08-11T11:37:36+08:00");
    }

    #[test]
    fn dates_without_zone_use_the_site_zone() {
        assert_eq!(
            rfc3339(&parse("2020-05-08", &utc8()).unwrap()),
            "2020-05-08T00:00:00+08:00"
        );
        assert_eq!(
            rfc3339(&parse("2020-05-08 06:00:00", &utc8()).unwrap()),
            "2020-05-08T06:00:00+08:00"
        );
        assert_eq!(
            rfc3339(&parse("2020-05-08T06:00:00", &TimeZone::UTC).unwrap()),
            "2020-05-08T06:00:00+00:00"
        );
    }

    #[test]
    fn reads_a_one_digit_hour_as_go_does() {
        let d = parse("2019-05-28T7:15:43+08:00", &TimeZone::UTC).unwrap();
        assert_eq!(rfc3339(&d), "2019-05-28T07:15:43+08:00");
        let d = parse("2019-05-28 7:15", &utc8()).unwrap();
        assert_eq!(rfc3339(&d), "2019-05-28T07:15:00+08:00");
        // Only the hour: a one-digit minute is as wrong for Go as for anyone.
        assert!(parse("2019-05-28T07:5:43+08:00", &TimeZone::UTC).is_err());
    }

    #[test]
    fn rejects_nonsense() {
        assert!(parse("last tuesday", &TimeZone::UTC).is_err());
        assert!(parse("2020-13-45", &TimeZone::UTC).is_err());
    }
}
