//! Splitting a content file into front matter and body.

use crate::format::Format;

#[derive(Debug)]
pub struct Split<'a> {
    pub format: Option<Format>,
    /// The front matter text, without its delimiters.
    pub front: &'a str,
    /// 1-based line of the file on which `front` starts.
    pub front_line: usize,
    pub body_offset: usize,
}

#[derive(Debug)]
pub struct Unclosed {
    pub delimiter: &'static str,
}

pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    // Hugo finds front matter after blank lines too; missing it would publish a draft.
    let (start, blank_lines) = skip_blank_lines(text, bom);
    let rest = &text[start..];
    let fenced = [("---", Format::Yaml), ("+++", Format::Toml)];
    for (delimiter, format) in fenced {
        if first_line(rest).trim_end() == delimiter {
            let front_start = start + first_line_len(rest);
            let (front_end, body_offset) =
                find_closing(text, front_start, delimiter).ok_or(Unclosed { delimiter })?;
            return Ok(Split {
                format: Some(format),
                front: &text[front_start..front_end],
                front_line: 2 + blank_lines,
                body_offset,
            });
        }
    }
    if rest.starts_with('{') {
        let mut stream =
            serde_json::Deserializer::from_str(rest).into_iter::<serde::de::IgnoredAny>();
        let end = match stream.next() {
            Some(Ok(_)) => start + stream.byte_offset(),
            // Let the JSON parser report the error with its position.
            _ => text.len(),
        };
        let body_offset = skip_line_end(text, end);
        return Ok(Split {
            format: Some(Format::Json),
            front: &text[start..end],
            front_line: 1 + blank_lines,
            body_offset,
        });
    }
    Ok(Split {
        format: None,
        front: "",
        front_line: 1,
        body_offset: bom,
    })
}

/// Where the first line with anything but white space starts, from `from`, and how many lines
/// were passed.
fn skip_blank_lines(text: &str, from: usize) -> (usize, usize) {
    let mut at = from;
    let mut lines = 0;
    while let Some(end) = text[at..].find('\n') {
        if !text[at..at + end].trim().is_empty() {
            break;
        }
        at += end + 1;
        lines += 1;
    }
    (at, lines)
}

fn first_line(s: &str) -> &str {
    s.split('\n').next().unwrap_or("")
}

fn first_line_len(s: &str) -> usize {
    s.find('\n').map_or(s.len(), |i| i + 1)
}

/// Finds a line holding only `delimiter`; returns where the front matter ends and the body begins.
fn find_closing(text: &str, from: usize, delimiter: &str) -> Option<(usize, usize)> {
    let mut line_start = from;
    while line_start <= text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == delimiter {
            return Some((line_start, (line_end + 1).min(text.len())));
        }
        if line_end >= text.len() {
            return None;
        }
        line_start = line_end + 1;
    }
    None
}

fn skip_line_end(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let trimmed = rest.trim_start_matches([' ', '\t', '\r']);
    let skipped = rest.len() - trimmed.len();
    if trimmed.starts_with('\n') {
        at + skipped + 1
    } else {
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let s = split("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(s.front, "title: x\n");
        assert_eq!(&"---\ntitle: x\n---\nbody\n"[s.body_offset..], "body\n");
    }

    #[test]
    fn toml_and_json_front_matter() {
        let text = "+++\ntitle = 'x'\n+++\nbody";
        let s = split(text).unwrap();
        assert_eq!(
            (s.format, s.front, &text[s.body_offset..]),
            (Some(Format::Toml), "title = 'x'\n", "body")
        );
        let text = "{\"title\": \"x\"}\nbody";
        let s = split(text).unwrap();
        assert_eq!(
            (s.format, s.front, &text[s.body_offset..]),
            (Some(Format::Json), "{\"title\": \"x\"}", "body")
        );
    }

    #[test]
    fn unclosed_and_absent() {
        assert!(split("---\ntitle: x\nbody").is_err());
        let s = split("# Just text\n").unwrap();
        assert!(s.format.is_none());
        assert_eq!(s.body_offset, 0);
    }
}
