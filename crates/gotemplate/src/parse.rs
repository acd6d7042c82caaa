//! Tokens → the template's tree, and the `define`d templates found in it.

use std::sync::Arc;

use crate::Error;
use crate::ast::{Branch, Command, Node, Operand, Pipeline};
use crate::lex::{Tok, Token, lex};

/// A template file: its body and every `{{ define }}` / `{{ block }}` it declares.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub body: Vec<Node>,
    pub defines: Vec<(String, Vec<Node>)>,
}

/// `known` answers whether a function exists; an unknown one is an error where it is named,
/// as Go's parser makes it.
pub fn parse(src: &str, known: &dyn Fn(&str) -> bool) -> Result<Parsed, Error> {
    let tokens = lex(src)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        known,
        defines: Vec::new(),
        range_depth: 0,
        parens: 0,
        blocks: 0,
        end: src.len(),
    };
    let (body, stop) = parser.list()?;
    if let Some((word, at)) = stop {
        return Err(Error::at(at, format!("unexpected {{{{{word}}}}}")));
    }
    Ok(Parsed {
        body,
        defines: parser.defines,
    })
}

const DEPTH_LIMIT: usize = 200;

struct Parser<'a> {
    tokens: Vec<Token>,
    pos: usize,
    known: &'a dyn Fn(&str) -> bool,
    defines: Vec<(String, Vec<Node>)>,
    range_depth: usize,
    parens: usize,
    blocks: usize,
    end: usize,
}

/// What ended a list: `end` or `else`, and where.
type Stop = Option<(&'static str, usize)>;

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Result<Token, Error> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        token.ok_or_else(|| Error::at(self.end, "unexpected end of template"))
    }

    fn here(&self) -> usize {
        self.peek().map_or(self.end, |t| t.at)
    }

    fn expect_close(&mut self, context: &str) -> Result<(), Error> {
        let token = self.next()?;
        if token.tok == Tok::Close {
            Ok(())
        } else {
            Err(Error::at(
                token.at,
                format!("unexpected {} in {context}", describe(&token.tok)),
            ))
        }
    }

    /// Nodes until `{{end}}`, `{{else…}}` or the end of the source.
    fn list(&mut self) -> Result<(Vec<Node>, Stop), Error> {
        let mut nodes = Vec::new();
        while let Some(token) = self.peek().cloned() {
            self.pos += 1;
            match token.tok {
                Tok::Text(text) => nodes.push(Node::Text(Arc::from(text))),
                Tok::Open => {
                    if let Some(stop) = self.action(&mut nodes)? {
                        return Ok((nodes, Some(stop)));
                    }
                }
                other => {
                    return Err(Error::at(
                        token.at,
                        format!("unexpected {}", describe(&other)),
                    ));
                }
            }
        }
        Ok((nodes, None))
    }

    fn action(&mut self, nodes: &mut Vec<Node>) -> Result<Stop, Error> {
        let at = self.here();
        let keyword = match self.peek() {
            Some(Token {
                tok: Tok::Ident(word),
                ..
            }) => word.clone(),
            _ => String::new(),
        };
        let keyword_at = at;
        match keyword.as_str() {
            "end" => {
                self.pos += 1;
                self.expect_close("end")?;
                return Ok(Some(("end", keyword_at)));
            }
            "else" => {
                self.pos += 1;
                return Ok(Some(("else", keyword_at)));
            }
            "if" | "with" | "range" => {
                self.pos += 1;
                let branch = self.branch(&keyword)?;
                nodes.push(match keyword.as_str() {
                    "if" => Node::If(branch),
                    "with" => Node::With(branch),
                    _ => Node::Range(branch),
                });
            }
            "template" => {
                self.pos += 1;
                let (name, pipe) = self.template_call("template")?;
                nodes.push(Node::Template { name, pipe, at });
            }
            "block" => {
                self.pos += 1;
                let (name, pipe) = self.template_call("block")?;
                let body = self.body_to_end("block")?;
                self.defines.push((name.clone(), body));
                nodes.push(Node::Template { name, pipe, at });
            }
            "define" => {
                self.pos += 1;
                let name = self.template_name("define")?;
                self.expect_close("define clause")?;
                let body = self.body_to_end("define")?;
                self.defines.push((name, body));
            }
            "break" | "continue" => {
                self.pos += 1;
                if self.range_depth == 0 {
                    return Err(Error::at(
                        at,
                        format!("{{{{{keyword}}}}} outside {{{{range}}}}"),
                    ));
                }
                self.expect_close(&keyword)?;
                nodes.push(if keyword == "break" {
                    Node::Break(at)
                } else {
                    Node::Continue(at)
                });
            }
            "return" => {
                self.pos += 1;
                let pipe = if matches!(
                    self.peek(),
                    Some(Token {
                        tok: Tok::Close,
                        ..
                    })
                ) {
                    self.pos += 1;
                    None
                } else {
                    Some(self.pipeline("return", false)?)
                };
                nodes.push(Node::Return(pipe, at));
            }
            _ => {
                let pipe = self.pipeline("command", false)?;
                nodes.push(Node::Action(pipe));
            }
        }
        Ok(None)
    }

    fn body_to_end(&mut self, context: &str) -> Result<Vec<Node>, Error> {
        match self.list()? {
            (body, Some(("end", _))) => Ok(body),
            (_, Some((word, at))) => Err(Error::at(
                at,
                format!("unexpected {{{{{word}}}}} in {context}"),
            )),
            (_, None) => Err(Error::at(self.end, format!("unexpected EOF in {context}"))),
        }
    }

    fn branch(&mut self, keyword: &str) -> Result<Branch, Error> {
        if self.parens + self.range_depth > DEPTH_LIMIT || self.blocks > DEPTH_LIMIT {
            return Err(Error::at(
                self.here(),
                "control structures nested too deeply",
            ));
        }
        self.blocks += 1;
        let branch = self.branch_inner(keyword);
        self.blocks -= 1;
        branch
    }

    fn branch_inner(&mut self, keyword: &str) -> Result<Branch, Error> {
        let is_range = keyword == "range";
        let pipe = self.pipeline(keyword, is_range)?;
        if is_range {
            self.range_depth += 1;
        }
        let listed = self.list();
        if is_range {
            self.range_depth -= 1;
        }
        let (body, stop) = listed?;
        let otherwise = match stop {
            Some(("end", _)) => Vec::new(),
            Some(("else", at)) => self.else_part(keyword, at)?,
            _ => return Err(Error::at(self.end, format!("unexpected EOF in {keyword}"))),
        };
        Ok(Branch {
            pipe,
            body,
            otherwise,
        })
    }

    /// After `{{else`: either `}}` and a list to `{{end}}`, or `if …` / `with …`, a chained
    /// branch that shares the `{{end}}`.
    fn else_part(&mut self, keyword: &str, at: usize) -> Result<Vec<Node>, Error> {
        let chained = match self.peek() {
            Some(Token {
                tok: Tok::Ident(word),
                ..
            }) if (word == "if" || word == "with") => Some(word.clone()),
            _ => None,
        };
        if let Some(word) = chained {
            if word != keyword {
                return Err(Error::at(
                    at,
                    format!("{{{{else {word}}}}} inside {{{{{keyword}}}}}"),
                ));
            }
            self.pos += 1;
            let branch = self.branch(&word)?;
            return Ok(vec![if word == "if" {
                Node::If(branch)
            } else {
                Node::With(branch)
            }]);
        }
        self.expect_close("else")?;
        if keyword == "range" {
            // `{{break}}` in a range's else leaves nothing: Go refuses it.
            let saved = self.range_depth;
            self.range_depth = 0;
            let body = self.body_to_end(keyword);
            self.range_depth = saved;
            return body;
        }
        self.body_to_end(keyword)
    }

    fn template_name(&mut self, context: &str) -> Result<String, Error> {
        let token = self.next()?;
        match token.tok {
            Tok::Str(name) => Ok(name),
            other => Err(Error::at(
                token.at,
                format!("unexpected {} in {context} clause", describe(&other)),
            )),
        }
    }

    fn template_call(&mut self, context: &str) -> Result<(String, Option<Pipeline>), Error> {
        let name = self.template_name(context)?;
        if matches!(
            self.peek(),
            Some(Token {
                tok: Tok::Close,
                ..
            })
        ) {
            self.pos += 1;
            return Ok((name, None));
        }
        Ok((name, Some(self.pipeline(context, false)?)))
    }

    /// A pipeline up to `}}` (or `)` when `nested`), with its leading declaration.
    fn pipeline(&mut self, context: &str, is_range: bool) -> Result<Pipeline, Error> {
        self.pipeline_until(context, is_range, false)
    }

    fn pipeline_until(
        &mut self,
        context: &str,
        is_range: bool,
        nested: bool,
    ) -> Result<Pipeline, Error> {
        if self.parens > DEPTH_LIMIT {
            return Err(Error::at(self.here(), "expression nested too deeply"));
        }
        let at = self.here();
        let (vars, assign) = self.declaration(context, is_range)?;
        let mut commands = Vec::new();
        loop {
            let token = self.next()?;
            match token.tok {
                Tok::Close if !nested => break,
                Tok::RightParen if nested => break,
                Tok::Close | Tok::RightParen => {
                    return Err(Error::at(
                        token.at,
                        format!("unexpected {} in {context}", describe(&token.tok)),
                    ));
                }
                _ => {
                    self.pos -= 1;
                    commands.push(self.command(context, nested)?);
                    let after = self.next()?;
                    match after.tok {
                        Tok::Pipe => continue,
                        Tok::Close if !nested => break,
                        Tok::RightParen if nested => break,
                        other => {
                            return Err(Error::at(
                                after.at,
                                format!("unexpected {} in operand", describe(&other)),
                            ));
                        }
                    }
                }
            }
        }
        if commands.is_empty() {
            return Err(Error::at(at, format!("missing value for {context}")));
        }
        for command in commands.iter().skip(1) {
            if let Some(first) = command.args.first()
                && matches!(
                    first,
                    Operand::Bool(_)
                        | Operand::Nil
                        | Operand::Int(_)
                        | Operand::Float(_)
                        | Operand::Str(_)
                        | Operand::Dot
                )
            {
                return Err(Error::at(
                    command.at,
                    "non executable command in pipeline stage 2",
                ));
            }
        }
        Ok(Pipeline {
            at,
            vars,
            assign,
            commands,
        })
    }

    /// `$x :=`, `$x =`, `$i, $e :=` (range only).
    fn declaration(&mut self, context: &str, is_range: bool) -> Result<(Vec<String>, bool), Error> {
        let mut vars = Vec::new();
        let start = self.pos;
        while let (
            Some(Token {
                tok: Tok::Variable(name),
                ..
            }),
            Some(next),
        ) = (
            self.tokens.get(self.pos).cloned(),
            self.tokens.get(self.pos + 1).cloned(),
        ) {
            match next.tok {
                Tok::Declare | Tok::Assign => {
                    vars.push(name);
                    self.pos += 2;
                    if vars.len() > 2 || (vars.len() == 2 && !is_range) {
                        return Err(Error::at(
                            next.at,
                            format!("too many declarations in {context}"),
                        ));
                    }
                    return Ok((vars, next.tok == Tok::Assign));
                }
                Tok::Comma if is_range && vars.is_empty() => {
                    vars.push(name);
                    self.pos += 2;
                }
                _ => break,
            }
        }
        self.pos = start;
        Ok((Vec::new(), false))
    }

    fn command(&mut self, context: &str, nested: bool) -> Result<Command, Error> {
        let at = self.here();
        let mut args = Vec::new();
        loop {
            match self.peek().map(|t| &t.tok) {
                None => return Err(Error::at(self.end, "unexpected end of template")),
                Some(Tok::Pipe | Tok::Close | Tok::RightParen) => break,
                Some(_) => {
                    if !args.is_empty() && !self.peek().is_some_and(|t| t.spaced) {
                        let token = self.next()?;
                        return Err(Error::at(
                            token.at,
                            format!("missing space before {}", describe(&token.tok)),
                        ));
                    }
                    args.push(self.operand(context, nested)?);
                }
            }
        }
        if args.is_empty() {
            return Err(Error::at(at, "empty command"));
        }
        Ok(Command { at, args })
    }

    fn operand(&mut self, context: &str, _nested: bool) -> Result<Operand, Error> {
        let token = self.next()?;
        let term = match token.tok {
            Tok::Dot => Operand::Dot,
            Tok::Field(name) => Operand::Field(vec![name]),
            Tok::Variable(name) => Operand::Variable(name, Vec::new()),
            Tok::Str(s) => Operand::Str(Arc::from(s)),
            Tok::Char(c) => Operand::Int(i64::from(u32::from(c))),
            Tok::Number(text) => number(&text)
                .ok_or_else(|| Error::at(token.at, format!("bad number syntax: {text:?}")))?,
            Tok::LeftParen => {
                self.parens += 1;
                let pipe = self.pipeline_until("parenthesized pipeline", false, true);
                self.parens -= 1;
                Operand::Pipe(Box::new(pipe?))
            }
            Tok::Ident(word) => match word.as_str() {
                "true" => Operand::Bool(true),
                "false" => Operand::Bool(false),
                "nil" => Operand::Nil,
                _ => return self.function(word, token.at),
            },
            other => {
                return Err(Error::at(
                    token.at,
                    format!("unexpected {} in {context}", describe(&other)),
                ));
            }
        };
        let fields = self.fields();
        if fields.is_empty() {
            return Ok(term);
        }
        Ok(match term {
            Operand::Field(mut own) => {
                own.extend(fields);
                Operand::Field(own)
            }
            Operand::Variable(name, _) => Operand::Variable(name, fields),
            Operand::Pipe(_) | Operand::Dot => Operand::Chain(Box::new(term), fields),
            _ => return Err(Error::at(token.at, "unexpected . after term")),
        })
    }

    /// A function, or a namespace and its function (`strings.Contains`), with what follows.
    fn function(&mut self, word: String, at: usize) -> Result<Operand, Error> {
        let mut fields = self.fields();
        let mut name = word;
        if let Some(first) = fields.first() {
            let joined = format!("{name}.{first}");
            if (self.known)(&joined) {
                name = joined;
                fields.remove(0);
            }
        }
        if !(self.known)(&name) {
            return Err(Error::at(at, format!("function {name:?} not defined")));
        }
        let function = Operand::Function(name);
        Ok(if fields.is_empty() {
            function
        } else {
            Operand::Chain(Box::new(function), fields)
        })
    }

    /// Field names written right after a term, with no space: `.A.B`.
    fn fields(&mut self) -> Vec<String> {
        let mut fields = Vec::new();
        while let Some(Token {
            tok: Tok::Field(name),
            spaced: false,
            ..
        }) = self.peek()
        {
            fields.push(name.clone());
            self.pos += 1;
        }
        fields
    }
}

fn number(text: &str) -> Option<Operand> {
    let clean = text.replace('_', "");
    let (negative, digits) = match clean.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, clean.strip_prefix('+').unwrap_or(&clean).to_string()),
    };
    let lower = digits.to_ascii_lowercase();
    let radix = |prefix: &str, radix: u32| {
        lower
            .strip_prefix(prefix)
            .and_then(|d| i64::from_str_radix(d, radix).ok())
    };
    let int = radix("0x", 16)
        .or_else(|| radix("0b", 2))
        .or_else(|| radix("0o", 8))
        .or_else(|| {
            if lower.len() > 1
                && lower.starts_with('0')
                && lower.bytes().all(|b| b.is_ascii_digit())
            {
                i64::from_str_radix(&lower[1..], 8).ok()
            } else {
                lower.parse::<i64>().ok()
            }
        });
    if let Some(n) = int {
        return Some(Operand::Int(if negative { -n } else { n }));
    }
    if lower.starts_with("0x") {
        return None;
    }
    let float: f64 = lower.parse().ok()?;
    if !float.is_finite() {
        return None;
    }
    let float = if negative { -float } else { float };
    // Go keeps an integral constant like 1e3 an int where it fits.
    if float.fract() == 0.0 && float.abs() < 9.0e15 && !lower.contains('.') {
        return Some(Operand::Int(float as i64));
    }
    Some(Operand::Float(float))
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Text(_) => "text".into(),
        Tok::Open => "\"{{\"".into(),
        Tok::Close => "\"}}\"".into(),
        Tok::Field(name) => format!("<.{name}>"),
        Tok::Dot => "<.>".into(),
        Tok::Variable(name) => format!("<{name}>"),
        Tok::Ident(name) => format!("<{name}>"),
        Tok::Str(s) => format!("{s:?}"),
        Tok::Number(n) => format!("<{n}>"),
        Tok::Char(c) => format!("{c:?}"),
        Tok::Pipe => "\"|\"".into(),
        Tok::LeftParen => "\"(\"".into(),
        Tok::RightParen => "\")\"".into(),
        Tok::Declare => "\":=\"".into(),
        Tok::Assign => "\"=\"".into(),
        Tok::Comma => "\",\"".into(),
    }
}
