//! Random modules: call graphs with direct calls, indirect calls through a
//! table (closed or exported), host and inert imports, and two signatures
//! (one spelled under two type indices). An independent oracle decides which
//! functions can reach growth; the analyzer must agree on every export:
//! never "never grows" where the oracle finds growth (soundness), and, since
//! this model has no path the analysis cannot resolve, never "may grow"
//! where it finds none (precision).

use proptest::prelude::*;
use wasm_views_analyzer::{analyze, Verdict};

#[derive(Clone, Debug)]
struct Import {
    /// Host code (`env.hN`) rather than an inert wasm-bindgen intrinsic.
    host: bool,
}

#[derive(Clone, Debug)]
struct Func {
    /// 0: `(func)`, 1: `(func (param i32))`.
    sig: u8,
    grows: bool,
    /// Callees by function index (imports first).
    calls: Vec<usize>,
    /// `call_indirect` sites: the type index used (0, 1, or 2 = 0's alias).
    indirect: Vec<u8>,
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
        let func = (
            0u8..2,
            prop::bool::weighted(0.15),
            prop::collection::vec(0..total, 0..4),
            prop::collection::vec(0u8..3, 0..3),
        )
            .prop_map(|(sig, grows, calls, indirect)| Func { sig, grows, calls, indirect });
        (
            prop::collection::vec(import, n_imports),
            prop::collection::vec(func, n_funcs),
            prop::collection::vec(0..total, 0..6),
            prop::bool::weighted(0.15),
        )
            .prop_map(|(imports, funcs, table, table_exported)| Module { imports, funcs, table, table_exported })
    })
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
        let mut s = String::from("(module\n(type $s0 (func))\n(type $s1 (func (param i32)))\n(type $s2 (func))\n");
        for (i, import) in self.imports.iter().enumerate() {
            if import.host {
                s += &format!("(import \"env\" \"h{i}\" (func $f{i} (type $s0)))\n");
            } else {
                s += &format!("(import \"wbg\" \"__wbindgen_throw\" (func $f{i} (type $s0)))\n");
            }
        }
        s += "(memory (export \"memory\") 1)\n";
        let export = if self.table_exported { "(export \"t\") " } else { "" };
        s += &format!("(table $t {export}{} funcref)\n", self.table.len().max(1));
        if !self.table.is_empty() {
            let names: Vec<String> = self.table.iter().map(|f| format!("$f{f}")).collect();
            s += &format!("(elem (table $t) (i32.const 0) func {})\n", names.join(" "));
        }
        for (j, func) in self.funcs.iter().enumerate() {
            let i = self.imports.len() + j;
            s += &format!("(func $f{i} (export \"f{i}\") (type $s{})\n", func.sig);
            if func.grows {
                s += "  (drop (memory.grow (i32.const 1)))\n";
            }
            for &callee in &func.calls {
                s += &format!("  (call $f{callee} {})\n", self.args(callee));
            }
            for (k, &ty) in func.indirect.iter().enumerate() {
                let arg = if ty == 1 { "(i32.const 0) " } else { "" };
                s += &format!("  (call_indirect $t (type $s{ty}) {arg}(i32.const {k}))\n");
            }
            s += ")\n";
        }
        s + ")\n"
    }

    /// Which functions can reach growth, by a depth-first search per function.
    fn oracle(&self, f: usize, seen: &mut Vec<bool>) -> bool {
        if seen[f] {
            return false;
        }
        seen[f] = true;
        if f < self.imports.len() {
            return self.imports[f].host;
        }
        let func = &self.funcs[f - self.imports.len()];
        if func.grows {
            return true;
        }
        if !func.indirect.is_empty() && self.table_exported {
            return true;
        }
        let indirect_targets = func.indirect.iter().flat_map(|&ty| {
            let sig = if ty == 2 { 0 } else { ty };
            self.table.iter().copied().filter(move |&g| self.sig(g) == sig)
        });
        let callees: Vec<usize> = func.calls.iter().copied().chain(indirect_targets).collect();
        callees.into_iter().any(|g| self.oracle(g, seen))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn verdicts_match_reachability(m in module()) {
        let wat = m.wat();
        let wasm = wat::parse_str(&wat).map_err(|e| TestCaseError::fail(format!("{e}\n{wat}")))?;
        let report = analyze(&wasm).map_err(|e| TestCaseError::fail(format!("{e}\n{wat}")))?;
        for j in 0..m.funcs.len() {
            let i = m.imports.len() + j;
            let grows = m.oracle(i, &mut vec![false; m.imports.len() + m.funcs.len()]);
            let entry = report.entry(&format!("f{i}")).unwrap();
            let expected = if grows { Verdict::MayGrow } else { Verdict::NeverGrows };
            prop_assert_eq!(entry.verdict, expected, "f{} path {:?}\n{}", i, entry.path, wat);
        }
    }
}
