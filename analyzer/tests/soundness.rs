//! Random modules: call graphs with direct calls, indirect calls through a
//! table (closed or exported), host and inert imports, two signatures (one
//! spelled under two type indices), statements that may be skipped (inside
//! an `if`), recursion and traps. An oracle written against the statement
//! structure (not the bytecode) decides which functions may grow memory at
//! all, and which may grow and then return normally; the analyzer must agree
//! on every export, with default options and with
//! `count_growth_before_aborts: false`: never "never grows" where the oracle
//! finds growth (soundness) and, since this model has nothing the analysis
//! cannot resolve, never "may grow" where it finds none (precision).

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use wasm_views_analyzer::{analyze_with, Options, Verdict};

#[derive(Clone, Debug)]
struct Import {
    /// Host code (`env.hN`) rather than an inert wasm-bindgen intrinsic.
    host: bool,
}

#[derive(Clone, Debug)]
enum Kind {
    Grow,
    /// A direct call, by function index (imports first).
    Call(usize),
    /// A `call_indirect` with this type index (0, 1, or 2 = 0's alias).
    Indirect(u8),
}

#[derive(Clone, Debug)]
struct Stmt {
    kind: Kind,
    /// Inside `(if (global.get $flag) ...)`: may be skipped.
    guarded: bool,
}

#[derive(Clone, Debug)]
struct Func {
    /// 0: `(func)`, 1: `(func (param i32))`.
    sig: u8,
    body: Vec<Stmt>,
    /// Ends in `unreachable` instead of returning.
    traps: bool,
}

#[derive(Clone, Debug)]
struct Module {
    imports: Vec<Import>,
    funcs: Vec<Func>,
    /// Function indices the element segment puts into the table.
    table: Vec<usize>,
    table_exported: bool,
}

fn module() -> impl Strategy<Value = Module> {
    (0usize..3, 1usize..10).prop_flat_map(|(n_imports, n_funcs)| {
        let total = n_imports + n_funcs;
        let import = any::<bool>().prop_map(|host| Import { host });
        let kind = prop_oneof![
            1 => Just(Kind::Grow),
            4 => (0..total).prop_map(Kind::Call),
            2 => (0u8..3).prop_map(Kind::Indirect),
        ];
        let stmt = (kind, any::<bool>()).prop_map(|(kind, guarded)| Stmt { kind, guarded });
        let func = (
            0u8..2,
            prop::collection::vec(stmt, 0..5),
            prop::bool::weighted(0.2),
        )
            .prop_map(|(sig, body, traps)| Func { sig, body, traps });
        (
            prop::collection::vec(import, n_imports),
            prop::collection::vec(func, n_funcs),
            prop::collection::vec(0..total, 0..6),
            prop::bool::weighted(0.15),
        )
            .prop_map(|(imports, funcs, table, table_exported)| Module {
                imports,
                funcs,
                table,
                table_exported,
            })
    })
}

/// Per function: can it return, can it throw.
#[derive(Clone, Copy, Default, PartialEq)]
struct Ends {
    returns: bool,
    throws: bool,
}

impl Module {
    fn sig(&self, f: usize) -> u8 {
        if f < self.imports.len() {
            0
        } else {
            self.funcs[f - self.imports.len()].sig
        }
    }

    fn args(&self, f: usize) -> &'static str {
        if self.sig(f) == 1 {
            "(i32.const 0) "
        } else {
            ""
        }
    }

    fn wat(&self) -> String {
        let mut s = String::from(
            "(module\n(type $s0 (func))\n(type $s1 (func (param i32)))\n(type $s2 (func))\n",
        );
        for (i, import) in self.imports.iter().enumerate() {
            if import.host {
                s += &format!("(import \"env\" \"h{i}\" (func $f{i} (type $s0)))\n");
            } else {
                s += &format!("(import \"wbg\" \"__wbindgen_throw\" (func $f{i} (type $s0)))\n");
            }
        }
        s += "(memory (export \"memory\") 1)\n(global $flag (mut i32) (i32.const 0))\n";
        let export = if self.table_exported {
            "(export \"t\") "
        } else {
            ""
        };
        s += &format!("(table $t {export}{} funcref)\n", self.table.len().max(1));
        if !self.table.is_empty() {
            let names: Vec<String> = self.table.iter().map(|f| format!("$f{f}")).collect();
            s += &format!("(elem (table $t) (i32.const 0) func {})\n", names.join(" "));
        }
        for (j, func) in self.funcs.iter().enumerate() {
            let i = self.imports.len() + j;
            s += &format!("(func $f{i} (export \"f{i}\") (type $s{})\n", func.sig);
            for (k, stmt) in func.body.iter().enumerate() {
                let code = match stmt.kind {
                    Kind::Grow => "(drop (memory.grow (i32.const 1)))".to_string(),
                    Kind::Call(callee) => format!("(call $f{callee} {})", self.args(callee)),
                    Kind::Indirect(ty) => {
                        let arg = if ty == 1 { "(i32.const 0) " } else { "" };
                        format!(
                            "(call_indirect $t (type $s{ty}) {arg}(i32.const {}))",
                            k % self.table.len().max(1)
                        )
                    }
                };
                if stmt.guarded {
                    s += &format!("  (if (global.get $flag) (then {code}))\n");
                } else {
                    s += &format!("  {code}\n");
                }
            }
            if func.traps {
                s += "  (unreachable)\n";
            }
            s += ")\n";
        }
        s + ")\n"
    }

    /// The functions a statement may run (an open table: unknown).
    fn targets(&self, kind: &Kind) -> Option<Vec<usize>> {
        match *kind {
            Kind::Grow => Some(Vec::new()),
            Kind::Call(g) => Some(vec![g]),
            Kind::Indirect(_) if self.table_exported => None,
            Kind::Indirect(ty) => {
                let sig = if ty == 2 { 0 } else { ty };
                Some(
                    self.table
                        .iter()
                        .copied()
                        .filter(|&g| self.sig(g) == sig)
                        .collect(),
                )
            }
        }
    }

    /// Least fixed point of how each function can end. Imports return and
    /// may throw.
    fn ends(&self) -> Vec<Ends> {
        let n = self.imports.len() + self.funcs.len();
        let mut ends = vec![Ends::default(); n];
        for e in &mut ends[..self.imports.len()] {
            *e = Ends {
                returns: true,
                throws: true,
            };
        }
        loop {
            let mut changed = false;
            for (j, func) in self.funcs.iter().enumerate() {
                let mut live = true;
                let mut throws = false;
                for stmt in &func.body {
                    if !live {
                        break;
                    }
                    let (returns, t) = match self.targets(&stmt.kind) {
                        None => (true, true),
                        Some(ts) if matches!(stmt.kind, Kind::Grow) => {
                            debug_assert!(ts.is_empty());
                            (true, false)
                        }
                        Some(ts) => (
                            ts.iter().any(|&g| ends[g].returns),
                            ts.iter().any(|&g| ends[g].throws),
                        ),
                    };
                    throws |= t;
                    if !stmt.guarded {
                        live = returns;
                    }
                }
                let new = Ends {
                    returns: live && !func.traps,
                    throws,
                };
                let i = self.imports.len() + j;
                if new != ends[i] {
                    ends[i] = new;
                    changed = true;
                }
            }
            if !changed {
                return ends;
            }
        }
    }

    /// Least fixed point of "may grow" (host imports grow); with
    /// `ignore_aborts`, only in functions that can return normally (the
    /// modules have no exception handlers).
    fn grows(&self, ignore_aborts: bool) -> Vec<bool> {
        let ends = self.ends();
        let mut grows: Vec<bool> = self.imports.iter().map(|i| i.host).collect();
        grows.resize(self.imports.len() + self.funcs.len(), false);
        loop {
            let mut changed = false;
            for (j, func) in self.funcs.iter().enumerate() {
                let i = self.imports.len() + j;
                if grows[i] || (ignore_aborts && !ends[i].returns) {
                    continue;
                }
                let mut live = true;
                for stmt in &func.body {
                    if !live {
                        break;
                    }
                    let here = match self.targets(&stmt.kind) {
                        None => true,
                        Some(_) if matches!(stmt.kind, Kind::Grow) => true,
                        Some(ts) => ts.iter().any(|&g| grows[g]),
                    };
                    if here {
                        grows[i] = true;
                        changed = true;
                        break;
                    }
                    if !stmt.guarded {
                        live = match self.targets(&stmt.kind) {
                            Some(ts) if !matches!(stmt.kind, Kind::Grow) => {
                                ts.iter().any(|&g| ends[g].returns)
                            }
                            _ => true,
                        };
                    }
                }
            }
            if !changed {
                return grows;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn verdicts_match_the_oracle(m in module()) {
        let wat = m.wat();
        let wasm = wat::parse_str(&wat).map_err(|e| TestCaseError::fail(format!("{e}\n{wat}")))?;
        let ignore_aborts = Options { count_growth_before_aborts: false, ..Options::default() };
        for (options, ignore_aborts) in [(Options::default(), false), (ignore_aborts, true)] {
            let report = analyze_with(&wasm, &options).map_err(|e| TestCaseError::fail(format!("{e}\n{wat}")))?;
            let grows = m.grows(ignore_aborts);
            for j in 0..m.funcs.len() {
                let i = m.imports.len() + j;
                let entry = report.entry(&format!("f{i}")).unwrap();
                let expected = if grows[i] { Verdict::MayGrow } else { Verdict::NeverGrows };
                prop_assert_eq!(entry.verdict, expected, "f{} ({:?}) path {:?}\n{}", i, options, entry.path, wat);
            }
        }
    }
}
