//! Go's `time.Time` as templates use it: `.Format` with Go's reference layout
//! (`Mon Jan 2 15:04:05 MST 2006`), the fields, comparisons and arithmetic Hugo's templates
//! reach for.

use std::any::Any;

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp, Zoned};

use crate::value::{Object, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Time(pub Zoned);

impl Time {
    pub fn value(zoned: Zoned) -> Value {
        Value::object(Time(zoned))
    }

    /// Go's zero time, which `.IsZero` reports.
    fn is_zero(&self) -> bool {
        self.0.year() <= 1
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn month_name(zoned: &Zoned) -> &'static str {
    MONTHS
        .get(usize::try_from(zoned.month() - 1).unwrap_or(0))
        .copied()
        .unwrap_or("")
}

fn weekday_name(zoned: &Zoned) -> &'static str {
    DAYS.get(usize::try_from(zoned.weekday().to_monday_zero_offset()).unwrap_or(0))
        .copied()
        .unwrap_or("")
}

impl Object for Time {
    fn type_name(&self) -> &str {
        "time.Time"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let z = &self.0;
        let int = |i: i64| Some(Ok(Value::Int(i)));
        match name {
            "Format" => Some(match args.first().and_then(Value::as_str) {
                Some(layout) => Ok(Value::str(format(z, layout))),
                None => Err("Format needs a layout".into()),
            }),
            "Year" => int(z.year().into()),
            "Month" => Some(Ok(Value::object(Month(z.month())))),
            "Day" => int(z.day().into()),
            "YearDay" => int(z.day_of_year().into()),
            "Hour" => int(z.hour().into()),
            "Minute" => int(z.minute().into()),
            "Second" => int(z.second().into()),
            "Nanosecond" => int(z.subsec_nanosecond().into()),
            "Weekday" => Some(Ok(Value::str(weekday_name(z)))),
            "Unix" => int(z.timestamp().as_second()),
            "UnixMilli" => int(z.timestamp().as_millisecond()),
            "UnixNano" => int(i64::try_from(z.timestamp().as_nanosecond()).unwrap_or(i64::MAX)),
            "IsZero" => Some(Ok(Value::Bool(self.is_zero()))),
            "UTC" => Some(Ok(Time::value(z.with_time_zone(TimeZone::UTC)))),
            "Local" => Some(Ok(Time::value(z.clone()))),
            "Before" | "After" | "Equal" | "Compare" | "Sub" => {
                let other = args.first().and_then(|a| a.downcast::<Time>())?;
                let (a, b) = (z.timestamp(), other.0.timestamp());
                Some(Ok(match name {
                    "Before" => Value::Bool(a < b),
                    "After" => Value::Bool(a > b),
                    "Equal" => Value::Bool(a == b),
                    "Compare" => Value::Int(a.cmp(&b) as i64),
                    _ => Value::object(Duration((a.as_nanosecond() - b.as_nanosecond()) as i64)),
                }))
            }
            "AddDate" => {
                let n = |i: usize| args.get(i).and_then(Value::as_int).unwrap_or(0);
                Some(add_date(z, n(0), n(1), n(2)).map(Time::value))
            }
            "Add" => {
                let nanos = match args.first() {
                    Some(v) => v
                        .downcast::<Duration>()
                        .map(|d| d.0)
                        .or_else(|| v.as_int())
                        .unwrap_or(0),
                    None => 0,
                };
                Some(
                    z.checked_add(Span::new().nanoseconds(nanos))
                        .map(Time::value)
                        .map_err(|e| e.to_string()),
                )
            }
            _ => None,
        }
    }

    fn to_text(&self) -> String {
        format(&self.0, "2006-01-02 15:04:05.999999999 -0700 MST")
    }

    fn truthy(&self) -> bool {
        true
    }

    fn identity(&self) -> Option<String> {
        Some(self.0.timestamp().to_string())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Go's `AddDate`: the year and month moved first, then the day counted on from the first of
/// that month, so that 31 January plus a month is 2 or 3 March, as in Go.
fn add_date(z: &Zoned, years: i64, months: i64, days: i64) -> Result<Zoned, String> {
    let total = i64::from(z.year()) * 12
        + i64::from(z.month() - 1)
        + years.saturating_mul(12).saturating_add(months);
    let (year, month) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let year = i16::try_from(year).map_err(|_| "year out of range".to_string())?;
    let first = Date::new(year, month as i8, 1).map_err(|e| e.to_string())?;
    let day = first
        .checked_add(
            Span::new()
                .try_days(i64::from(z.day()) - 1 + days)
                .map_err(|e| e.to_string())?,
        )
        .map_err(|e| e.to_string())?;
    day.to_datetime(z.datetime().time())
        .to_zoned(z.time_zone().clone())
        .map_err(|e| e.to_string())
}

/// `time.Month`: prints as its name, counts as its number.
#[derive(Debug, Clone, Copy)]
pub struct Month(pub i8);

impl Object for Month {
    fn type_name(&self) -> &str {
        "time.Month"
    }
    fn get(&self, _: &str, _: &[Value]) -> Option<Result<Value, String>> {
        None
    }
    fn to_text(&self) -> String {
        MONTHS
            .get(usize::try_from(self.0 - 1).unwrap_or(0))
            .copied()
            .unwrap_or("")
            .to_string()
    }
    fn identity(&self) -> Option<String> {
        Some(self.0.to_string())
    }
    fn number(&self) -> Option<i64> {
        Some(self.0.into())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `time.Duration`, in nanoseconds.
#[derive(Debug, Clone, Copy)]
pub struct Duration(pub i64);

impl Object for Duration {
    fn type_name(&self) -> &str {
        "time.Duration"
    }
    fn get(&self, name: &str, _: &[Value]) -> Option<Result<Value, String>> {
        let n = self.0 as f64;
        Some(Ok(match name {
            "Hours" => Value::Float(n / 3.6e12),
            "Minutes" => Value::Float(n / 6e10),
            "Seconds" => Value::Float(n / 1e9),
            "Milliseconds" => Value::Int(self.0 / 1_000_000),
            "Nanoseconds" => Value::Int(self.0),
            _ => return None,
        }))
    }
    fn to_text(&self) -> String {
        let total = self.0.unsigned_abs();
        let sign = if self.0 < 0 { "-" } else { "" };
        if total == 0 {
            return "0s".into();
        }
        let (h, m) = (total / 3_600_000_000_000, (total / 60_000_000_000) % 60);
        let s = (total % 60_000_000_000) as f64 / 1e9;
        let secs = crate::value::format_float(s);
        match (h, m) {
            (0, 0) => format!("{sign}{secs}s"),
            (0, m) => format!("{sign}{m}m{secs}s"),
            (h, m) => format!("{sign}{h}h{m}m{secs}s"),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Reads a date the way Hugo's `time` does for the common forms: RFC 3339, a date and time
/// without zone (in `tz`), or a date.
pub fn parse(text: &str, tz: &TimeZone) -> Option<Zoned> {
    let text = text.trim();
    if let Ok(ts) = text.parse::<Timestamp>() {
        // The offset written stays the time's zone, as Go keeps it.
        let zone = written_offset(text).map_or_else(|| tz.clone(), TimeZone::fixed);
        return Some(ts.to_zoned(zone));
    }
    if let Ok(zoned) = text.parse::<Zoned>() {
        return Some(zoned);
    }
    if let Ok(dt) = text.replace(' ', "T").parse::<DateTime>() {
        return dt.to_zoned(tz.clone()).ok();
    }
    if let Ok(date) = text.parse::<Date>() {
        return date.to_zoned(tz.clone()).ok();
    }
    None
}

/// The `Z` or `±hh:mm` that ends an RFC 3339 time.
fn written_offset(text: &str) -> Option<jiff::tz::Offset> {
    if text.ends_with(['Z', 'z']) {
        return Some(jiff::tz::Offset::UTC);
    }
    let sign_at = text
        .rfind(['+', '-'])
        .filter(|&i| text[..i].contains('T') || text[..i].contains(' '))?;
    let (sign, rest) = text.split_at(sign_at);
    let _ = sign;
    let digits: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
    let hours: i32 = digits.get(..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..4).unwrap_or("0").parse().ok()?;
    let seconds = (hours * 3600 + minutes * 60) * if rest.starts_with('-') { -1 } else { 1 };
    jiff::tz::Offset::from_seconds(seconds).ok()
}

/// Formats with Go's reference layout, and Hugo's `:date_long`-style names (in English).
pub fn format(z: &Zoned, layout: &str) -> String {
    let layout = match layout {
        ":date_full" => "Monday, January 2, 2006",
        ":date_long" => "January 2, 2006",
        ":date_medium" => "Jan 2, 2006",
        ":date_short" => "1/2/06",
        ":time_full" | ":time_long" => "3:04:05 pm MST",
        ":time_medium" => "3:04:05 pm",
        ":time_short" => "3:04 pm",
        other => other,
    };
    let mut out = String::new();
    let mut rest = layout;
    while !rest.is_empty() {
        let (text, used) = chunk(z, rest);
        out.push_str(&text);
        let used = (used.max(1)..=rest.len())
            .find(|&i| rest.is_char_boundary(i))
            .unwrap_or(rest.len());
        rest = &rest[used..];
    }
    out
}

/// One element of a layout at the start of `s`: what it prints and how long it is.
fn chunk(z: &Zoned, s: &str) -> (String, usize) {
    let hour12 = match z.hour() % 12 {
        0 => 12,
        h => h,
    };
    let offset = z.offset().seconds();
    let zone = |colon: bool, seconds: bool, z_for_utc: bool, short: bool| -> String {
        if z_for_utc && offset == 0 {
            return "Z".into();
        }
        let sign = if offset < 0 { '-' } else { '+' };
        let abs = offset.abs();
        let (h, m, sec) = (abs / 3600, (abs / 60) % 60, abs % 60);
        let sep = if colon { ":" } else { "" };
        if short {
            format!("{sign}{h:02}")
        } else if seconds {
            format!("{sign}{h:02}{sep}{m:02}{sep}{sec:02}")
        } else {
            format!("{sign}{h:02}{sep}{m:02}")
        }
    };
    let table: &[(&str, &dyn Fn() -> String)] = &[
        ("January", &|| month_name(z).to_string()),
        ("Jan", &|| month_name(z).chars().take(3).collect()),
        ("Monday", &|| weekday_name(z).to_string()),
        ("Mon", &|| weekday_name(z).chars().take(3).collect()),
        ("MST", &|| zone_name(z)),
        ("2006", &|| format!("{:04}", z.year())),
        ("002", &|| format!("{:03}", z.day_of_year())),
        ("01", &|| format!("{:02}", z.month())),
        ("02", &|| format!("{:02}", z.day())),
        ("03", &|| format!("{hour12:02}")),
        ("04", &|| format!("{:02}", z.minute())),
        ("05", &|| format!("{:02}", z.second())),
        ("06", &|| format!("{:02}", z.year().rem_euclid(100))),
        ("15", &|| format!("{:02}", z.hour())),
        ("__2", &|| format!("{:>3}", z.day_of_year())),
        ("_2", &|| format!("{:>2}", z.day())),
        ("1", &|| format!("{}", z.month())),
        ("2", &|| format!("{}", z.day())),
        ("3", &|| format!("{hour12}")),
        ("4", &|| format!("{}", z.minute())),
        ("5", &|| format!("{}", z.second())),
        ("PM", &|| {
            if z.hour() >= 12 { "PM" } else { "AM" }.to_string()
        }),
        ("pm", &|| {
            if z.hour() >= 12 { "pm" } else { "am" }.to_string()
        }),
        ("-07:00:00", &|| zone(true, true, false, false)),
        ("-070000", &|| zone(false, true, false, false)),
        ("-07:00", &|| zone(true, false, false, false)),
        ("-0700", &|| zone(false, false, false, false)),
        ("-07", &|| zone(false, false, false, true)),
        ("Z07:00:00", &|| zone(true, true, true, false)),
        ("Z070000", &|| zone(false, true, true, false)),
        ("Z07:00", &|| zone(true, false, true, false)),
        ("Z0700", &|| zone(false, false, true, false)),
        ("Z07", &|| zone(false, false, true, true)),
    ];
    if let Some(frac) = fraction(z, s) {
        return frac;
    }
    for (token, make) in table {
        if s.starts_with(token) {
            // `Jan` in `January` was matched by the longer entry first; Go also refuses `2006`
            // inside a longer run of digits only for `_2006`, which this table never sees.
            return (make(), token.len());
        }
    }
    let c = s.chars().next().map(String::from).unwrap_or_default();
    let len = c.len();
    (c, len)
}

/// `.000` / `,000` (fixed digits) or `.999` (trailing zeros dropped) after a second.
fn fraction(z: &Zoned, s: &str) -> Option<(String, usize)> {
    let mut chars = s.chars();
    let sep = chars.next().filter(|c| *c == '.' || *c == ',')?;
    let digit = chars.next().filter(|c| *c == '0' || *c == '9')?;
    let count = 1 + s[2..].chars().take_while(|c| *c == digit).count();
    if s[1 + count..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let nanos = format!("{:09}", z.subsec_nanosecond());
    let digits = &nanos[..count.min(9)];
    let text = if digit == '9' {
        let trimmed = digits.trim_end_matches('0');
        if trimmed.is_empty() {
            String::new()
        } else {
            format!("{sep}{trimmed}")
        }
    } else {
        format!("{sep}{digits}")
    };
    Some((text, 1 + count))
}

fn zone_name(z: &Zoned) -> String {
    let info = z.time_zone().to_offset_info(z.timestamp());
    let abbreviation = info.abbreviation();
    if !abbreviation.is_empty() && !abbreviation.starts_with(['+', '-']) {
        return abbreviation.to_string();
    }
    let offset = z.offset().seconds();
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.abs();
    if abs % 3600 == 0 {
        format!("{sign}{:02}", abs / 3600)
    } else {
        format!("{sign}{:02}{:02}", abs / 3600, (abs / 60) % 60)
    }
}
