//! Running a parsed template: Go's evaluation rules for pipelines, fields, methods and
//! control structures.

use std::sync::Arc;

use crate::ast::{Branch, Command, Node, Operand, Pipeline};
use crate::escape::Context;
use crate::{Entry, Error, Executed, Functions, Templates, Value};

/// How deep templates may call templates and partials: past it, a template calling itself
/// without end is an error, not a stack overflow.
const CALL_DEPTH: usize = 64;

/// How many actions one run (with the templates and partials it calls) may take: past it, a
/// template that loops without end is an error, not a build that never finishes.
const STEP_LIMIT: u64 = 10_000_000;
/// How much one template may write.
const OUTPUT_LIMIT: usize = 256 << 20;

thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// What a function sees of the running template: it can run other templates of the set
/// (`partial`), each with its own output.
pub struct Call<'a> {
    templates: &'a Templates,
    functions: &'a dyn Functions,
    depth: usize,
    /// A template run through `run` that failed: its error, with its own place, is the one
    /// reported.
    failed: Option<Error>,
}

impl Call<'_> {
    pub fn exists(&self, name: &str) -> bool {
        self.templates.contains(name)
    }

    /// Runs another template of the set with `data` as dot.
    pub fn run(&mut self, name: &str, data: &Value) -> Result<Executed, String> {
        run(self.templates, name, data, self.functions, self.depth + 1).map_err(|error| {
            let message = error.message.clone();
            self.failed.get_or_insert(error);
            message
        })
    }

    pub fn is_html(&self) -> bool {
        self.templates.html
    }

    /// Calls one of the template's functions by name.
    pub fn function(&mut self, name: &str, args: &[Value]) -> Result<Value, String> {
        let functions = self.functions;
        functions.call(name, args, self)
    }
}

pub(crate) fn run(
    templates: &Templates,
    name: &str,
    data: &Value,
    functions: &dyn Functions,
    depth: usize,
) -> Result<Executed, Error> {
    let Some(entry) = templates.entry(name) else {
        return Err(Error::at(0, format!("template {name:?} not defined")));
    };
    if depth == 0 {
        STEPS.with(|s| s.set(0));
    }
    if depth > CALL_DEPTH {
        return Err(Error::at(
            0,
            format!("calling {name:?}: templates call one another more than {CALL_DEPTH} deep"),
        ));
    }
    let mut exec = Exec {
        templates,
        functions,
        out: String::new(),
        context: templates.html.then(Context::default),
        vars: vec![("$".to_string(), data.clone())],
        depth,
        file: entry.file.clone(),
        at: 0,
    };
    let flow = exec.list(&entry.body.clone(), data);
    let file = exec.file.clone();
    let flow = flow.map_err(|e| e.placed(&file, templates.source(&file)))?;
    let returned = match flow {
        Flow::Return(value) => Some(value),
        _ => None,
    };
    Ok(Executed {
        text: exec.out,
        returned,
    })
}

enum Flow {
    Next,
    Break,
    Continue,
    Return(Value),
}

struct Exec<'a> {
    templates: &'a Templates,
    functions: &'a dyn Functions,
    out: String,
    context: Option<Context>,
    vars: Vec<(String, Value)>,
    depth: usize,
    file: Arc<str>,
    /// The command being run, for errors of the operands inside it.
    at: usize,
}

type Res<T> = Result<T, Error>;

impl Exec<'_> {
    fn list(&mut self, nodes: &[Node], dot: &Value) -> Res<Flow> {
        for node in nodes {
            let flow = self.node(node, dot)?;
            if !matches!(flow, Flow::Next) {
                return Ok(flow);
            }
        }
        Ok(Flow::Next)
    }

    /// Counts one action against the run's budget.
    fn step(&self) -> Res<()> {
        let steps = STEPS.with(|s| {
            let n = s.get() + 1;
            s.set(n);
            n
        });
        if steps > STEP_LIMIT || self.out.len() > OUTPUT_LIMIT {
            return Err(Error::at(
                self.at,
                "the template runs too long or writes too much (a loop without end?)",
            ));
        }
        Ok(())
    }

    fn node(&mut self, node: &Node, dot: &Value) -> Res<Flow> {
        self.step()?;
        match node {
            Node::Text(text) => {
                self.write_text(text);
                Ok(Flow::Next)
            }
            Node::Action(pipe) => {
                let value = self.pipeline(pipe, dot)?;
                if pipe.vars.is_empty() {
                    self.write_value(&value);
                }
                Ok(Flow::Next)
            }
            Node::If(branch) => {
                let mark = self.vars.len();
                let value = self.pipeline(&branch.pipe, dot)?;
                let chosen = if value.truthy() {
                    &branch.body
                } else {
                    &branch.otherwise
                };
                let flow = self.list(chosen, dot);
                self.vars.truncate(mark);
                flow
            }
            Node::With(branch) => {
                let mark = self.vars.len();
                let value = self.pipeline(&branch.pipe, dot)?;
                let flow = if value.truthy() {
                    self.list(&branch.body, &value)
                } else {
                    self.list(&branch.otherwise, dot)
                };
                self.vars.truncate(mark);
                flow
            }
            Node::Range(branch) => self.range(branch, dot),
            Node::Template { name, pipe, at } => {
                let data = match pipe {
                    Some(pipe) => self.pipeline(pipe, dot)?,
                    None => Value::Nil,
                };
                self.template(name, &data, *at)?;
                Ok(Flow::Next)
            }
            Node::Break(_) => Ok(Flow::Break),
            Node::Continue(_) => Ok(Flow::Continue),
            Node::Return(pipe, _) => {
                let value = match pipe {
                    Some(pipe) => self.pipeline(pipe, dot)?,
                    None => Value::Nil,
                };
                Ok(Flow::Return(value))
            }
        }
    }

    fn write_text(&mut self, text: &str) {
        match &mut self.context {
            Some(context) => context.text(text, &mut self.out),
            None => self.out.push_str(text),
        }
    }

    fn write_value(&mut self, value: &Value) {
        match &mut self.context {
            Some(context) => context.value(value, &mut self.out),
            None => match value {
                Value::Nil => self.out.push_str("<no value>"),
                other => self.out.push_str(&other.to_text()),
            },
        }
    }

    /// `{{ template "name" . }}`: the called template writes into this output, in this
    /// context, with its own variables.
    fn template(&mut self, name: &str, data: &Value, at: usize) -> Res<()> {
        let Some(Entry { body, file }) = self.templates.entry(name).cloned() else {
            return Err(Error::at(at, format!("no such template {name:?}")));
        };
        if self.depth >= CALL_DEPTH {
            return Err(Error::at(
                at,
                format!("calling {name:?}: templates call one another more than {CALL_DEPTH} deep"),
            ));
        }
        let saved_vars = std::mem::replace(&mut self.vars, vec![("$".to_string(), data.clone())]);
        let saved_file = std::mem::replace(&mut self.file, file.clone());
        self.depth += 1;
        let result = self.list(&body, data);
        self.depth -= 1;
        self.vars = saved_vars;
        self.file = saved_file;
        result.map_err(|e| e.placed(&file, self.templates.source(&file)))?;
        Ok(())
    }

    fn range(&mut self, branch: &Branch, dot: &Value) -> Res<Flow> {
        let mark = self.vars.len();
        let plain = Pipeline {
            vars: Vec::new(),
            assign: false,
            ..branch.pipe.clone()
        };
        let value = self.pipeline(&plain, dot)?;
        // Pairs are made one at a time: `range 1000000000` must not build a list first.
        let pairs: Box<dyn Iterator<Item = (Value, Value)>> =
            match &value {
                Value::Nil => Box::new(std::iter::empty()),
                Value::List(items) => {
                    let items = items.clone();
                    Box::new((0..items.len()).filter_map(move |i| {
                        items.get(i).map(|v| (Value::Int(i as i64), v.clone()))
                    }))
                }
                Value::Map(map) => {
                    let entries: Vec<(Value, Value)> = map
                        .iter()
                        .map(|(k, v)| (Value::Str(k.clone()), v.clone()))
                        .collect();
                    Box::new(entries.into_iter())
                }
                Value::Int(n) => Box::new((0..*n).map(|i| (Value::Int(i), Value::Int(i)))),
                Value::Object(object) => match object.items() {
                    Some(items) => Box::new(
                        items
                            .into_iter()
                            .enumerate()
                            .map(|(i, v)| (Value::Int(i as i64), v)),
                    ),
                    None => {
                        return Err(Error::at(
                            branch.pipe.at,
                            format!("range can't iterate over {}", value.to_text()),
                        ));
                    }
                },
                other => {
                    return Err(Error::at(
                        branch.pipe.at,
                        format!("range can't iterate over {}", other.to_text()),
                    ));
                }
            };
        let mut pairs = pairs.peekable();
        if pairs.peek().is_none() {
            let flow = self.list(&branch.otherwise, dot);
            self.vars.truncate(mark);
            return flow;
        }
        for (key, item) in pairs {
            self.step()?;
            let inner = self.vars.len();
            match branch.pipe.vars.as_slice() {
                [one] if branch.pipe.assign => self.assign(one, item.clone(), branch.pipe.at)?,
                [one] => self.vars.push((one.clone(), item.clone())),
                [k, v] if branch.pipe.assign => {
                    self.assign(k, key, branch.pipe.at)?;
                    self.assign(v, item.clone(), branch.pipe.at)?;
                }
                [k, v] => {
                    self.vars.push((k.clone(), key));
                    self.vars.push((v.clone(), item.clone()));
                }
                _ => {}
            }
            let flow = self.list(&branch.body, &item)?;
            self.vars.truncate(inner);
            match flow {
                Flow::Break => break,
                Flow::Return(value) => {
                    self.vars.truncate(mark);
                    return Ok(Flow::Return(value));
                }
                Flow::Next | Flow::Continue => {}
            }
        }
        self.vars.truncate(mark);
        Ok(Flow::Next)
    }

    fn assign(&mut self, name: &str, value: Value, at: usize) -> Res<()> {
        match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
            Some(slot) => {
                slot.1 = value;
                Ok(())
            }
            None => Err(Error::at(at, format!("undefined variable: {name}"))),
        }
    }

    fn variable(&self, name: &str, at: usize) -> Res<Value> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| Error::at(at, format!("undefined variable: {name}")))
    }

    fn pipeline(&mut self, pipe: &Pipeline, dot: &Value) -> Res<Value> {
        let mut value: Option<Value> = None;
        for command in &pipe.commands {
            value = Some(self.command(command, dot, value)?);
        }
        let value = value.unwrap_or_default();
        for name in &pipe.vars {
            if pipe.assign {
                self.assign(name, value.clone(), pipe.at)?;
            } else {
                self.vars.push((name.clone(), value.clone()));
            }
        }
        Ok(value)
    }

    fn command(&mut self, command: &Command, dot: &Value, piped: Option<Value>) -> Res<Value> {
        let Some((first, rest)) = command.args.split_first() else {
            return Ok(Value::Nil);
        };
        let at = command.at;
        self.at = at;
        match first {
            Operand::Function(name) if name == "and" || name == "or" => {
                self.and_or(name == "and", rest, dot, piped, at)
            }
            Operand::Function(name) => {
                let args = self.args(rest, dot, piped)?;
                self.call(name, &args, at)
            }
            Operand::Field(names) => {
                let args = self.args(rest, dot, piped)?;
                self.walk(dot.clone(), names, args, at)
            }
            Operand::Variable(name, names) if !names.is_empty() => {
                let receiver = self.variable(name, at)?;
                let args = self.args(rest, dot, piped)?;
                self.walk(receiver, names, args, at)
            }
            Operand::Chain(inner, names) => {
                let receiver = self.operand(inner, dot)?;
                let args = self.args(rest, dot, piped)?;
                self.walk(receiver, names, args, at)
            }
            other => {
                if !rest.is_empty() || piped.is_some() {
                    return Err(Error::at(
                        at,
                        format!("can't give argument to non-function {}", describe(other)),
                    ));
                }
                self.operand(other, dot)
            }
        }
    }

    fn args(&mut self, operands: &[Operand], dot: &Value, piped: Option<Value>) -> Res<Vec<Value>> {
        let mut args = Vec::with_capacity(operands.len() + 1);
        for operand in operands {
            args.push(self.operand(operand, dot)?);
        }
        args.extend(piped);
        Ok(args)
    }

    /// `and` and `or` stop at the first argument that decides them, as Go's do.
    fn and_or(
        &mut self,
        is_and: bool,
        operands: &[Operand],
        dot: &Value,
        piped: Option<Value>,
        at: usize,
    ) -> Res<Value> {
        if operands.is_empty() && piped.is_none() {
            return Err(Error::at(
                at,
                format!(
                    "wrong number of args for {}: want at least 1 got 0",
                    if is_and { "and" } else { "or" }
                ),
            ));
        }
        let mut last = Value::Nil;
        for operand in operands {
            last = self.operand(operand, dot)?;
            if last.truthy() != is_and {
                return Ok(last);
            }
        }
        Ok(piped.unwrap_or(last))
    }

    fn operand(&mut self, operand: &Operand, dot: &Value) -> Res<Value> {
        Ok(match operand {
            Operand::Dot => dot.clone(),
            Operand::Nil => Value::Nil,
            Operand::Bool(b) => Value::Bool(*b),
            Operand::Int(i) => Value::Int(*i),
            Operand::Float(f) => Value::Float(*f),
            Operand::Str(s) => Value::Str(s.clone()),
            Operand::Field(names) => self.walk(dot.clone(), names, Vec::new(), 0)?,
            Operand::Variable(name, names) => {
                let value = self.variable(name, self.at)?;
                self.walk(value, names, Vec::new(), 0)?
            }
            Operand::Function(name) => self.call(name, &[], 0)?,
            Operand::Chain(inner, names) => {
                let receiver = self.operand(inner, dot)?;
                self.walk(receiver, names, Vec::new(), 0)?
            }
            Operand::Pipe(pipe) => self.pipeline(pipe, dot)?,
        })
    }

    /// Fields one after another; the last gets the arguments, as a method would.
    fn walk(
        &mut self,
        mut receiver: Value,
        names: &[String],
        args: Vec<Value>,
        at: usize,
    ) -> Res<Value> {
        let mut args = Some(args);
        for (i, name) in names.iter().enumerate() {
            let last = i + 1 == names.len();
            let given = if last {
                args.take().unwrap_or_default()
            } else {
                Vec::new()
            };
            if receiver.is_nil() {
                // Go gives nothing for a field of a missing map key: `.Params.a.b` with no `a`.
                return Ok(Value::Nil);
            }
            let from_method = match &receiver {
                Value::Object(object) => {
                    let mut call = Call {
                        templates: self.templates,
                        functions: self.functions,
                        depth: self.depth,
                        failed: None,
                    };
                    let result = object.method(name, &given, &mut call);
                    if let Some(inner) = call.failed {
                        return Err(inner);
                    }
                    result
                }
                _ => None,
            };
            let found = from_method.or_else(|| receiver.field(name, &given));
            receiver = match found {
                Some(Ok(value)) => value,
                Some(Err(message)) => {
                    return Err(Error::at(
                        self.pos(at),
                        format!("error calling {name}: {message}"),
                    ));
                }
                None => {
                    return Err(Error::at(
                        self.pos(at),
                        format!(
                            "can't evaluate field {name} in type {}",
                            receiver.type_name()
                        ),
                    ));
                }
            };
        }
        Ok(receiver)
    }

    fn pos(&self, at: usize) -> usize {
        if at == 0 { self.at } else { at }
    }

    fn call(&mut self, name: &str, args: &[Value], at: usize) -> Res<Value> {
        let at = if at == 0 { self.at } else { at };
        let mut call = Call {
            templates: self.templates,
            functions: self.functions,
            depth: self.depth,
            failed: None,
        };
        let result = self.functions.call(name, args, &mut call);
        if let Some(inner) = call.failed {
            return Err(inner);
        }
        result.map_err(|message| Error::at(at, format!("error calling {name}: {message}")))
    }
}

fn describe(operand: &Operand) -> String {
    match operand {
        Operand::Dot => ".".into(),
        Operand::Nil => "nil".into(),
        Operand::Bool(b) => b.to_string(),
        Operand::Int(i) => i.to_string(),
        Operand::Float(f) => f.to_string(),
        Operand::Str(s) => format!("{s:?}"),
        Operand::Variable(name, _) => name.clone(),
        _ => "value".into(),
    }
}
