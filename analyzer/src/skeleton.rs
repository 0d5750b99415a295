//! The control-flow skeleton of a function body: each instruction that
//! matters for which calls and `memory.grow`s can execute, and for how the
//! function can end, as an [`Op`]; every other instruction is left out.

use wasmparser::{Catch, Operator};

use crate::module::Func;
use crate::Error;

/// Why a function may grow memory without calling anything the analysis can
/// follow.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    /// A `memory.grow` instruction.
    MemoryGrow { memory: u32 },
    /// A `call_indirect` through a table whose contents are not known.
    OpenTable { table: u32, why: String },
    /// A call through a function reference (`call_ref`, stack switching).
    FunctionReference { instruction: &'static str },
    /// The function is an import of host code.
    Import,
}

/// The control-flow skeleton of a function body: what the analysis needs to
/// know which calls and `memory.grow`s can execute and whether the function
/// can return or throw.
#[derive(Clone, Debug)]
pub(crate) enum Op {
    /// `block`, `if`, legacy `try` (`is_if`: an `if`, whose implicit `else`
    /// falls through).
    Block {
        is_if: bool,
    },
    Loop,
    /// `try_table`: its catch clauses branch to these labels (relative to
    /// the enclosing blocks) when something inside throws.
    TryTable {
        catches: Vec<u32>,
    },
    /// `else`, legacy `catch` and `catch_all`: a second arm of the block.
    Else,
    /// `end`, legacy `delegate`.
    End,
    Br(u32),
    BrIf(u32),
    BrTable(Vec<u32>),
    Return,
    /// `unreachable`: a trap.
    Unreachable,
    /// `throw`, `throw_ref`, legacy `rethrow`.
    Throw,
    Call {
        callee: u32,
        tail: bool,
    },
    /// A `call_indirect`; `site` indexes [`Func::indirect`].
    Indirect {
        site: usize,
        tail: bool,
    },
    /// A call the analysis cannot follow (`call_ref`, stack switching);
    /// `source` indexes [`Func::sources`].
    Opaque {
        source: usize,
        tail: bool,
    },
    /// `memory.grow`; `source` indexes [`Func::sources`].
    Grow {
        source: usize,
    },
}

/// What a `call_indirect` site can call.
#[derive(Clone, Debug)]
pub(crate) enum Site {
    /// Not resolved yet: (type index, table index).
    Pending(u32, u32),
    /// The functions in the table with a matching signature.
    Resolved { table: u32, targets: Vec<u32> },
    /// The table's contents are unknown; `source` indexes [`Func::sources`].
    Open { source: usize },
}

/// What one instruction contributes.
pub(crate) enum Step {
    /// An op of the skeleton.
    Op(Op),
    /// A write to a table: its contents are no longer those of the segments.
    TableWrite { table: u32, why: &'static str },
    /// Nothing the analysis needs.
    None,
}

/// Records a reason `func` may grow memory; returns its index in `func.sources`.
fn source(func: &mut Func, s: Source) -> usize {
    func.sources.push(s);
    func.sources.len() - 1
}

/// A `call_indirect` (or its tail form): a new site to resolve once the
/// tables are known.
fn indirect(func: &mut Func, type_index: u32, table_index: u32, tail: bool) -> Op {
    func.indirect.push(Site::Pending(type_index, table_index));
    Op::Indirect {
        site: func.indirect.len() - 1,
        tail,
    }
}

/// A call through a function reference, which the analysis cannot follow.
fn opaque(func: &mut Func, instruction: &'static str, tail: bool) -> Op {
    Op::Opaque {
        source: source(func, Source::FunctionReference { instruction }),
        tail,
    }
}

/// Translates one instruction of `func`'s body.
pub(crate) fn step(func: &mut Func, op: Operator<'_>) -> Result<Step, Error> {
    let table_write = |table, why| Ok(Step::TableWrite { table, why });
    let op = match op {
        Operator::Block { .. } | Operator::Try { .. } => Op::Block { is_if: false },
        Operator::If { .. } => Op::Block { is_if: true },
        Operator::Loop { .. } => Op::Loop,
        Operator::TryTable { try_table } => Op::TryTable {
            catches: try_table
                .catches
                .iter()
                .map(|c| match *c {
                    Catch::One { label, .. }
                    | Catch::OneRef { label, .. }
                    | Catch::All { label }
                    | Catch::AllRef { label } => label,
                })
                .collect(),
        },
        Operator::Else | Operator::Catch { .. } | Operator::CatchAll => Op::Else,
        Operator::End | Operator::Delegate { .. } => Op::End,
        Operator::Br { relative_depth } => Op::Br(relative_depth),
        Operator::BrIf { relative_depth }
        | Operator::BrOnNull { relative_depth }
        | Operator::BrOnNonNull { relative_depth }
        | Operator::BrOnCast { relative_depth, .. }
        | Operator::BrOnCastFail { relative_depth, .. }
        | Operator::BrOnCastDescEq { relative_depth, .. }
        | Operator::BrOnCastDescEqFail { relative_depth, .. } => Op::BrIf(relative_depth),
        Operator::BrTable { targets } => {
            let mut all = vec![targets.default()];
            for t in targets.targets() {
                all.push(t?);
            }
            Op::BrTable(all)
        }
        Operator::Return => Op::Return,
        Operator::Unreachable => Op::Unreachable,
        Operator::Throw { .. } | Operator::ThrowRef | Operator::Rethrow { .. } => Op::Throw,
        Operator::Call { function_index } => Op::Call {
            callee: function_index,
            tail: false,
        },
        Operator::ReturnCall { function_index } => Op::Call {
            callee: function_index,
            tail: true,
        },
        Operator::CallIndirect {
            type_index,
            table_index,
        } => indirect(func, type_index, table_index, false),
        Operator::ReturnCallIndirect {
            type_index,
            table_index,
        } => indirect(func, type_index, table_index, true),
        Operator::MemoryGrow { mem } => Op::Grow {
            source: source(func, Source::MemoryGrow { memory: mem }),
        },
        Operator::CallRef { .. } => opaque(func, "call_ref", false),
        Operator::ReturnCallRef { .. } => opaque(func, "return_call_ref", true),
        // Stack switching runs continuations (function references); a
        // suspended continuation may also never come back, which only
        // makes the analysis more conservative here.
        Operator::Resume { .. }
        | Operator::ResumeThrow { .. }
        | Operator::ResumeThrowRef { .. }
        | Operator::Switch { .. }
        | Operator::Suspend { .. } => opaque(func, "resume", false),
        Operator::TableSet { table } => return table_write(table, "written by table.set"),
        Operator::TableFill { table } => return table_write(table, "written by table.fill"),
        Operator::TableGrow { table } => return table_write(table, "written by table.grow"),
        Operator::TableCopy { dst_table, .. } => {
            return table_write(dst_table, "written by table.copy")
        }
        Operator::TableInit { table, .. } => return table_write(table, "written by table.init"),
        _ => return Ok(Step::None),
    };
    Ok(Step::Op(op))
}
