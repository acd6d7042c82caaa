//! A parsed template: what the executor walks.

use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(Arc<str>),
    /// `{{ pipeline }}`: printed unless it declares or assigns variables.
    Action(Pipeline),
    If(Branch),
    With(Branch),
    Range(Branch),
    /// `{{ template "name" pipeline }}` (and what a `block` leaves in its place).
    Template {
        name: String,
        pipe: Option<Pipeline>,
        at: usize,
    },
    Break(usize),
    Continue(usize),
    /// Hugo's `{{ return pipeline }}`, which ends a partial with a value.
    Return(Option<Pipeline>, usize),
}

/// `if`, `with` and `range`: a pipeline, what runs when it holds, and `else` (which may be an
/// `else if` / `else with`, kept as a nested branch of the same kind).
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub pipe: Pipeline,
    pub body: Vec<Node>,
    pub otherwise: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    pub at: usize,
    /// `$x :=` or `$i, $e :=` (range) declares; `$x =` assigns.
    pub vars: Vec<String>,
    pub assign: bool,
    pub commands: Vec<Command>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    pub at: usize,
    pub args: Vec<Operand>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Dot,
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Arc<str>),
    /// `.A.B.C` on dot.
    Field(Vec<String>),
    /// `$x.A.B`; `$` alone is the data the template was run with.
    Variable(String, Vec<String>),
    /// A function by name (`strings.Contains` when a namespace is named).
    Function(String),
    /// `(pipeline).A.B`.
    Chain(Box<Operand>, Vec<String>),
    Pipe(Box<Pipeline>),
}
