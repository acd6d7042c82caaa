//! Go template source → tokens. Text outside actions is one token; inside `{{ }}` the words of
//! the action, each knowing whether a space came before it (Go tells `.A.B` from `.A .B` by it).

use crate::Error;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// Text between actions, already trimmed by `{{-` / `-}}` next to it.
    Text(String),
    Open,
    Close,
    /// `.Name`; a lone `.` is `Dot`.
    Field(String),
    Dot,
    /// `$name`, or `$` alone (the data the template was run with).
    Variable(String),
    Ident(String),
    Str(String),
    Number(String),
    Char(char),
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    /// Byte offset in the source.
    pub at: usize,
    /// A space, tab or newline came right before it, inside an action.
    pub spaced: bool,
}

pub fn lex(src: &str) -> Result<Vec<Token>, Error> {
    let mut lexer = Lexer {
        src,
        pos: 0,
        out: Vec::new(),
        trim_next_text: false,
    };
    lexer.run()?;
    Ok(lexer.out)
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    out: Vec<Token>,
    trim_next_text: bool,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn push(&mut self, tok: Tok, at: usize, spaced: bool) {
        self.out.push(Token { tok, at, spaced });
    }

    fn run(&mut self) -> Result<(), Error> {
        while self.pos < self.src.len() {
            let start = self.pos;
            let open = self.rest().find("{{").map(|i| start + i);
            let end = open.unwrap_or(self.src.len());
            let mut text = self.src.get(start..end).unwrap_or("");
            let trims_left = open.is_some_and(|o| {
                let after = self.src.get(o + 2..).unwrap_or("");
                after.starts_with('-') && after[1..].starts_with(is_space)
            });
            if self.trim_next_text {
                text = text.trim_start_matches(is_space);
            }
            if trims_left {
                text = text.trim_end_matches(is_space);
            }
            if !text.is_empty() {
                self.push(Tok::Text(text.to_string()), start, false);
            }
            self.trim_next_text = false;
            let Some(open) = open else {
                self.pos = self.src.len();
                break;
            };
            self.pos = open + 2;
            if trims_left {
                self.pos += 2;
            }
            if self.comment(open)? {
                continue;
            }
            self.push(Tok::Open, open, false);
            self.action()?;
        }
        Ok(())
    }

    /// `{{/* … */}}`, with its optional trim marks: dropped here.
    fn comment(&mut self, open: usize) -> Result<bool, Error> {
        if !self.rest().starts_with("/*") {
            return Ok(false);
        }
        let Some(end) = self.rest().find("*/") else {
            return Err(Error::at(open, "unclosed comment"));
        };
        self.pos += end + 2;
        let rest = self.rest();
        if rest.starts_with("}}") {
            self.pos += 2;
        } else if rest.starts_with(" -}}") || rest.starts_with("\t-}}") || rest.starts_with("\n-}}")
        {
            self.pos += 4;
            self.trim_next_text = true;
        } else {
            return Err(Error::at(open, "comment ends before closing delimiter"));
        }
        Ok(true)
    }

    fn action(&mut self) -> Result<(), Error> {
        let open = self.pos;
        let mut spaced = false;
        let mut parens = 0usize;
        loop {
            let rest = self.rest();
            let Some(c) = rest.chars().next() else {
                return Err(Error::at(open, "unclosed action"));
            };
            let at = self.pos;
            if is_space(c) {
                let trimmed = rest.trim_start_matches(is_space);
                let skipped = rest.len() - trimmed.len();
                if trimmed.starts_with("-}}") {
                    self.pos += skipped + 3;
                    self.trim_next_text = true;
                    self.push(Tok::Close, at, true);
                    return Ok(());
                }
                self.pos += skipped;
                spaced = true;
                continue;
            }
            if rest.starts_with("}}") {
                if parens > 0 {
                    return Err(Error::at(at, "unclosed left paren"));
                }
                self.pos += 2;
                self.push(Tok::Close, at, spaced);
                return Ok(());
            }
            let tok = match c {
                '|' => self.single(Tok::Pipe),
                '(' => {
                    parens += 1;
                    self.single(Tok::LeftParen)
                }
                ')' => {
                    if parens == 0 {
                        return Err(Error::at(at, "unexpected right paren"));
                    }
                    parens -= 1;
                    self.single(Tok::RightParen)
                }
                ',' => self.single(Tok::Comma),
                '=' => self.single(Tok::Assign),
                ':' => {
                    if !rest.starts_with(":=") {
                        return Err(Error::at(at, "expected :="));
                    }
                    self.pos += 2;
                    Tok::Declare
                }
                '"' => self.quoted()?,
                '`' => self.raw()?,
                '\'' => self.char_constant()?,
                '$' => {
                    self.pos += 1;
                    Tok::Variable(format!("${}", self.word()))
                }
                '.' if !rest[1..].starts_with(|c: char| c.is_ascii_digit()) => {
                    self.pos += 1;
                    let name = self.word();
                    if name.is_empty() {
                        Tok::Dot
                    } else {
                        Tok::Field(name)
                    }
                }
                '+' | '-' | '.' | '0'..='9' => self.number()?,
                c if c.is_alphabetic() || c == '_' => Tok::Ident(self.word()),
                c => {
                    return Err(Error::at(
                        at,
                        format!("unrecognized character in action: {c:?}"),
                    ));
                }
            };
            self.push(tok, at, spaced);
            spaced = false;
        }
    }

    fn single(&mut self, tok: Tok) -> Tok {
        self.pos += 1;
        tok
    }

    fn word(&mut self) -> String {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        self.pos += len;
        rest[..len].to_string()
    }

    fn number(&mut self) -> Result<Tok, Error> {
        let at = self.pos;
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|&(i, c)| {
                let sign_ok = (c == '+' || c == '-')
                    && (i == 0
                        || matches!(rest.as_bytes().get(i - 1), Some(b'e' | b'E' | b'p' | b'P')));
                !(c.is_ascii_alphanumeric() || c == '.' || c == '_' || sign_ok)
            })
            .map_or(rest.len(), |(i, _)| i);
        let text = &rest[..len];
        if text == "+" || text == "-" {
            return Err(Error::at(at, format!("bad number syntax: {text:?}")));
        }
        self.pos += len;
        Ok(Tok::Number(text.to_string()))
    }

    fn quoted(&mut self) -> Result<Tok, Error> {
        let at = self.pos;
        let mut out = String::new();
        let mut chars = self.rest().char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += i + 1;
                    return Ok(Tok::Str(out));
                }
                '\n' => break,
                '\\' => {
                    let Some((_, e)) = chars.next() else { break };
                    out.push(self.escape(e, &mut chars, at)?);
                }
                c => out.push(c),
            }
        }
        Err(Error::at(at, "unterminated quoted string"))
    }

    fn escape(
        &self,
        e: char,
        chars: &mut impl Iterator<Item = (usize, char)>,
        at: usize,
    ) -> Result<char, Error> {
        let hex = |chars: &mut dyn Iterator<Item = (usize, char)>, n: usize| -> Option<char> {
            let digits: String = chars.take(n).map(|(_, c)| c).collect();
            if digits.len() != n {
                return None;
            }
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
        };
        let c = match e {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'v' => Some('\u{b}'),
            '\\' => Some('\\'),
            '"' => Some('"'),
            '\'' => Some('\''),
            'x' => hex(chars, 2),
            'u' => hex(chars, 4),
            'U' => hex(chars, 8),
            '0'..='7' => {
                let more: String = chars.take(2).map(|(_, c)| c).collect();
                u32::from_str_radix(&format!("{e}{more}"), 8)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ => None,
        };
        c.ok_or_else(|| Error::at(at, "invalid escape in quoted string"))
    }

    fn raw(&mut self) -> Result<Tok, Error> {
        let at = self.pos;
        let body = &self.rest()[1..];
        let Some(end) = body.find('`') else {
            return Err(Error::at(at, "unterminated raw quoted string"));
        };
        let text = body[..end].replace('\r', "");
        self.pos += end + 2;
        Ok(Tok::Str(text))
    }

    fn char_constant(&mut self) -> Result<Tok, Error> {
        let at = self.pos;
        let mut chars = self.rest().char_indices().skip(1);
        let c = match chars.next() {
            Some((_, '\\')) => {
                let Some((_, e)) = chars.next() else {
                    return Err(Error::at(at, "unterminated character constant"));
                };
                self.escape(e, &mut chars, at)?
            }
            Some((_, c)) if c != '\'' && c != '\n' => c,
            _ => return Err(Error::at(at, "bad character constant")),
        };
        match chars.next() {
            Some((i, '\'')) => {
                self.pos += i + 1;
                Ok(Tok::Char(c))
            }
            _ => Err(Error::at(at, "unterminated character constant")),
        }
    }
}
