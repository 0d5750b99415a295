//! Which code can run, and which functions can finish.
//!
//! One pass over a body's control-flow skeleton tracks whether the current
//! instruction is reachable, the way a validator does: after `unreachable`,
//! `br`, `return`, `throw` or a call to a function that never returns,
//! nothing runs until a block end that something branches to. That gives,
//! per function, the calls and `memory.grow`s that can execute, and whether
//! the function can return normally or throw. "Can return" depends on the
//! callees', so it is solved as a least fixed point over the call graph:
//! everything starts as "never returns" and is raised until nothing changes.
//! Every approximation errs towards "can execute" and "can return".

use crate::module::Program;
use crate::skeleton::{Op, Site};

/// How a call to a function can end, besides trapping or running forever.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Exit {
    /// It can return normally.
    pub returns: bool,
    /// It can throw (a wasm exception, or a JS exception through an import).
    pub throws: bool,
}

/// How a function reaches a callee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Via {
    /// `call` or `return_call`.
    Call,
    /// `call_indirect` resolved through the table's known contents.
    Indirect { table: u32 },
    /// An import's JS glue calling the module's glue exports back.
    Glue,
}

/// What one pass over a body found.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub exit: Exit,
    /// Calls that can execute.
    pub calls: Vec<(u32, Via)>,
    /// Indices into the function's `sources` that can execute.
    pub sources: Vec<usize>,
}

struct Frame {
    is_loop: bool,
    is_if: bool,
    has_else: bool,
    /// The block's start is reachable.
    start: bool,
    /// Something branches to the block's end.
    end: bool,
}

impl Frame {
    fn new(start: bool) -> Frame {
        Frame {
            is_loop: false,
            is_if: false,
            has_else: false,
            start,
            end: false,
        }
    }
}

/// A branch to `depth`: the target block's end (or, for the function's own
/// block, a return) becomes reachable. Branches to a loop go to its start.
fn branch(frames: &mut [Frame], depth: u32, exit: &mut Exit) {
    let index = frames.len() - 1 - depth as usize;
    if index == 0 {
        exit.returns = true;
    } else if !frames[index].is_loop {
        frames[index].end = true;
    }
}

/// After a call whose callee can return (`returns`): a tail call ends the
/// function with the callee's exit; otherwise code after it runs only if the
/// callee can return.
fn after_call(exit: &mut Exit, live: &mut bool, returns: bool, tail: bool) {
    if tail {
        exit.returns |= returns;
        *live = false;
    } else {
        *live = returns;
    }
}

/// A call of code the analysis cannot see (`source` says why): it may grow
/// memory, return or throw.
fn unknown_call(body: &mut Body, live: &mut bool, source: usize, tail: bool, record: bool) {
    if record {
        body.sources.push(source);
    }
    body.exit.throws = true;
    after_call(&mut body.exit, live, true, tail);
}

fn pass(program: &Program, f: usize, exits: &[Exit], record: bool) -> Body {
    let func = &program.funcs[f];
    let mut body = Body::default();
    if func.import.is_some() {
        // Host code can return or throw; its sources and glue calls are all
        // it does.
        body.exit = Exit {
            returns: true,
            throws: true,
        };
        if record {
            body.calls = func.glue_calls.iter().map(|&g| (g, Via::Glue)).collect();
            body.sources = (0..func.sources.len()).collect();
        }
        return body;
    }
    let mut frames = vec![Frame::new(true)];
    let mut live = true;
    for op in &func.ops {
        match op {
            Op::Block { is_if } => frames.push(Frame {
                is_if: *is_if,
                ..Frame::new(live)
            }),
            Op::Loop => frames.push(Frame {
                is_loop: true,
                ..Frame::new(live)
            }),
            Op::TryTable { catches } => {
                // Anything inside may throw to a catch label (labels counted
                // from outside the try_table).
                if live {
                    for &depth in catches {
                        branch(&mut frames, depth, &mut body.exit);
                    }
                }
                frames.push(Frame::new(live));
            }
            Op::Else => {
                let top = frames.last_mut().expect("validated: else inside a block");
                top.end |= live;
                top.has_else = true;
                live = top.start;
            }
            Op::End => {
                let top = frames.pop().expect("validated: balanced ends");
                let end = top.end || live || (top.is_if && !top.has_else && top.start);
                if frames.is_empty() {
                    body.exit.returns |= end;
                    live = false;
                } else {
                    live = end;
                }
            }
            Op::Br(depth) => {
                if live {
                    branch(&mut frames, *depth, &mut body.exit);
                }
                live = false;
            }
            Op::BrIf(depth) => {
                if live {
                    branch(&mut frames, *depth, &mut body.exit);
                }
            }
            Op::BrTable(depths) => {
                if live {
                    for &depth in depths {
                        branch(&mut frames, depth, &mut body.exit);
                    }
                }
                live = false;
            }
            Op::Return => {
                body.exit.returns |= live;
                live = false;
            }
            Op::Unreachable => live = false,
            Op::Throw => {
                body.exit.throws |= live;
                live = false;
            }
            Op::Grow { source } => {
                if live && record {
                    body.sources.push(*source);
                }
            }
            _ if !live => {}
            Op::Call { callee, tail } => {
                let exit = exits[*callee as usize];
                body.exit.throws |= exit.throws;
                if record {
                    body.calls.push((*callee, Via::Call));
                }
                after_call(&mut body.exit, &mut live, exit.returns, *tail);
            }
            Op::Indirect { site, tail } => match &func.indirect[*site] {
                Site::Resolved { table, targets } => {
                    let mut returns = false;
                    for &target in targets {
                        let exit = exits[target as usize];
                        body.exit.throws |= exit.throws;
                        returns |= exit.returns;
                        if record {
                            body.calls.push((target, Via::Indirect { table: *table }));
                        }
                    }
                    // No target: the call always traps.
                    after_call(&mut body.exit, &mut live, returns, *tail);
                }
                Site::Open { source } => unknown_call(&mut body, &mut live, *source, *tail, record),
                Site::Pending(..) => {
                    unreachable!("every call_indirect site is resolved after reading")
                }
            },
            Op::Opaque { source, tail } => {
                unknown_call(&mut body, &mut live, *source, *tail, record)
            }
        }
    }
    body
}

/// Solves how every function can end, then returns each function's
/// executable calls and sources under that solution.
pub(crate) fn bodies(program: &Program) -> (Vec<Exit>, Vec<Body>) {
    let n = program.funcs.len();
    // Who may call whom, ignoring reachability: when a callee's exit
    // changes, its callers are looked at again.
    let mut callers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (f, func) in program.funcs.iter().enumerate() {
        for op in &func.ops {
            match op {
                Op::Call { callee, .. } => callers[*callee as usize].push(f),
                Op::Indirect { site, .. } => {
                    if let Site::Resolved { targets, .. } = &func.indirect[*site] {
                        for &t in targets {
                            callers[t as usize].push(f);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut exits = vec![Exit::default(); n];
    let mut queued = vec![true; n];
    let mut queue: Vec<usize> = (0..n).rev().collect();
    while let Some(f) = queue.pop() {
        queued[f] = false;
        let exit = pass(program, f, &exits, false).exit;
        if exit != exits[f] {
            exits[f] = exit;
            for &caller in &callers[f] {
                if !queued[caller] {
                    queued[caller] = true;
                    queue.push(caller);
                }
            }
        }
    }
    let bodies = (0..n).map(|f| pass(program, f, &exits, true)).collect();
    (exits, bodies)
}
