//! Hand-written WAT fixtures with known answers (tests/analyzer/wat/*.wat).
//!
//! Each fixture states its answers in comments:
//!
//! ```text
//! ;; expect NAME: may-grow | never-grows
//! ;; expect-path NAME: step > step > ... > what grows
//! ;; expect-strict NAME: ...        (with Options::strict(), if different)
//! ;; expect-path-strict NAME: ...
//! ```
//!
//! Every function export (and `(start)`) must have an `expect` line, so a new
//! export cannot slip through untested. Strict verdicts must include every
//! default "may grow". The compiled binaries are kept in
//! tests/analyzer/wasm/ for the Node tests of the CLI; this test fails if
//! they are stale (`WASM_VIEWS_BLESS=1` rewrites them).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use wasm_views_analyzer::{analyze, analyze_with, Options, Verdict};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/analyzer")
}

struct Expectations {
    verdicts: BTreeMap<String, Verdict>,
    paths: BTreeMap<String, Vec<String>>,
}

fn verdict(s: &str) -> Verdict {
    match s.trim() {
        "may-grow" => Verdict::MayGrow,
        "never-grows" => Verdict::NeverGrows,
        other => panic!("unknown verdict {other:?}"),
    }
}

/// The expectations for default options, or for strict ones (falling back
/// to the default lines).
fn expectations(source: &str, strict: bool) -> Expectations {
    let mut verdicts = BTreeMap::new();
    let mut paths = BTreeMap::new();
    let mut strict_verdicts = BTreeMap::new();
    let mut strict_paths = BTreeMap::new();
    for line in source.lines() {
        let Some(rest) = line.trim().strip_prefix(";; expect") else { continue };
        let (tag, rest) = rest.split_once(' ').expect("`;; expect... NAME: VALUE`");
        let (name, value) = rest.rsplit_once(": ").expect("`;; expect... NAME: VALUE`");
        let name = name.to_string();
        let path = || value.split(" > ").map(str::to_string).collect::<Vec<_>>();
        let fresh = match tag {
            "" => verdicts.insert(name, verdict(value)).is_none(),
            "-path" => paths.insert(name, path()).is_none(),
            "-strict" => strict_verdicts.insert(name, verdict(value)).is_none(),
            "-path-strict" => strict_paths.insert(name, path()).is_none(),
            other => panic!("unknown expectation `;; expect{other}`"),
        };
        assert!(fresh, "two `;; expect{tag}` lines for one export: {line}");
    }
    if strict {
        for (name, v) in strict_verdicts {
            if verdicts.insert(name.clone(), v) != Some(v) {
                // A different strict verdict: the default path does not apply.
                paths.remove(&name);
            }
        }
        paths.extend(strict_paths);
    }
    Expectations { verdicts, paths }
}

fn fixtures() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fs::read_dir(fixtures_dir().join("wat"))
        .expect("tests/analyzer/wat")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    assert!(out.len() >= 8, "fixtures missing");
    out
}

fn check_fixtures(strict: bool) {
    let options = if strict { Options::strict() } else { Options::default() };
    let mode = if strict { "strict" } else { "default" };
    let mut failures = Vec::new();
    for (name, source) in fixtures() {
        let wasm = wat::parse_str(&source).unwrap_or_else(|e| panic!("{name}.wat: {e}"));
        let report = analyze_with(&wasm, &options).unwrap_or_else(|e| panic!("{name}.wat: {e}"));
        let expected = expectations(&source, strict);
        for entry in &report.entries {
            match expected.verdicts.get(&entry.name) {
                None => failures.push(format!("{name}: no expectation for export {}", entry.name)),
                Some(&v) if v != entry.verdict => failures.push(format!(
                    "{name} ({mode}): {} is {}, expected {} (path: {})",
                    entry.name,
                    entry.verdict.as_str(),
                    v.as_str(),
                    entry.path.join(" > ")
                )),
                Some(_) => {}
            }
            if let Some(path) = expected.paths.get(&entry.name) {
                if *path != entry.path {
                    failures.push(format!("{name} ({mode}): path of {} is {:?}, expected {path:?}", entry.name, entry.path));
                }
            }
            // A "may grow" always comes with a path that ends in a reason.
            assert_eq!(entry.verdict.may_grow(), !entry.path.is_empty(), "{name}: {}", entry.name);
        }
        for export in expected.verdicts.keys() {
            if report.entry(export).is_none() {
                failures.push(format!("{name}: expected export {export} does not exist"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn fixtures_have_the_expected_verdicts_and_paths() {
    check_fixtures(false);
}

#[test]
fn fixtures_have_the_expected_strict_verdicts_and_paths() {
    check_fixtures(true);
}

#[test]
fn strict_verdicts_include_every_default_may_grow() {
    for (name, source) in fixtures() {
        let wasm = wat::parse_str(&source).unwrap();
        let default = analyze(&wasm).unwrap();
        let strict = analyze_with(&wasm, &Options::strict()).unwrap();
        for (d, s) in default.entries.iter().zip(&strict.entries) {
            assert_eq!(d.name, s.name);
            assert!(!d.verdict.may_grow() || s.verdict.may_grow(), "{name}: {}", d.name);
        }
    }
}

#[test]
fn compiled_fixtures_are_current() {
    let dir = fixtures_dir().join("wasm");
    let bless = std::env::var_os("WASM_VIEWS_BLESS").is_some();
    let mut stale = Vec::new();
    for (name, source) in fixtures() {
        let wasm = wat::parse_str(&source).unwrap();
        let file = dir.join(format!("{name}.wasm"));
        if fs::read(&file).ok().as_deref() != Some(&wasm[..]) {
            if bless {
                fs::create_dir_all(&dir).unwrap();
                fs::write(&file, &wasm).unwrap();
            } else {
                stale.push(file.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale compiled fixtures (run `WASM_VIEWS_BLESS=1 cargo test -p wasm-views-analyzer`): {stale:?}"
    );
}

const WASM_BINDGEN_TABLE: &str = r#"
    (module
      (type $t (func))
      (memory (export "memory") 1)
      (table $functions (export "__wbindgen_export_2") 1 funcref)
      (elem (table $functions) (i32.const 0) func $pure)
      (func $pure (type $t))
      (func (export "calls_closure_shim")
        (call_indirect $functions (type $t) (i32.const 0))))
"#;

#[test]
fn wasm_bindgen_function_table_is_trusted_unless_strict() {
    let wasm = wat::parse_str(WASM_BINDGEN_TABLE).unwrap();
    let trusting = analyze(&wasm).unwrap();
    assert_eq!(trusting.entry("calls_closure_shim").unwrap().verdict, Verdict::NeverGrows);
    let strict = analyze_with(&wasm, &Options { trust_wasm_bindgen_tables: false, ..Options::default() }).unwrap();
    assert_eq!(strict.entry("calls_closure_shim").unwrap().verdict, Verdict::MayGrow);
}

#[test]
fn rejects_what_is_not_a_valid_module() {
    assert!(analyze(b"not wasm at all").unwrap_err().to_string().contains("not a WebAssembly binary"));
    let mut truncated = wat::parse_str("(module (func (export \"f\")))").unwrap();
    truncated.truncate(truncated.len() - 3);
    assert!(analyze(&truncated).unwrap_err().to_string().starts_with("invalid wasm"));
    // Well-formed but invalid: a call to a function that does not exist.
    let invalid = [
        0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // header
        1, 4, 1, 0x60, 0, 0, // type section: () -> ()
        3, 2, 1, 0, // function section: one function of type 0
        10, 6, 1, 4, 0, 0x10, 5, 0x0b, // code: call 5; end
    ];
    assert!(analyze(&invalid).unwrap_err().to_string().starts_with("invalid wasm"));
}

#[test]
fn json_report_names_every_entry() {
    let wasm = wat::parse_str(&fs::read_to_string(fixtures_dir().join("wat/imports.wat")).unwrap()).unwrap();
    let json = analyze(&wasm).unwrap().to_json();
    assert!(json.starts_with("{\"functions\":"));
    assert!(json.contains("{\"name\":\"throws\",\"start\":false,\"function\":"));
    assert!(json.contains("\"verdict\":\"never-grows\",\"path\":[]}"));
    assert!(json.contains("{\"module\":\"env\",\"name\":\"log\",\"class\":\"host\"}"));
    assert!(json.contains("\"class\":\"glue-only\""));
}
