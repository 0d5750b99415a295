//! Hand-written WAT fixtures with known answers (tests/analyzer/wat/*.wat).
//!
//! Each fixture states its answers in comments:
//!
//! ```text
//! ;; expect NAME: may-grow | never-grows
//! ;; expect-path NAME: step > step > ... > what grows
//! ;; expect-ignore-aborts NAME: ...       (count_growth_before_aborts: false)
//! ;; expect-path-ignore-aborts NAME: ...
//! ```
//!
//! Every function export (and `(start)`) must have an `expect` line, so a new
//! export cannot slip through untested. Default verdicts must include every
//! "may grow" of the ignore-aborts mode. The compiled binaries are kept in
//! tests/analyzer/wasm/ for the Node tests of the CLI; this test fails if
//! they are stale (`WASM_VIEWS_BLESS=1` rewrites them).

#![cfg(not(target_arch = "wasm32"))]

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

/// The expectations for default options, or for the ignore_aborts mode
/// (falling back to the default lines).
fn expectations(source: &str, ignore_aborts: bool) -> Expectations {
    let mut verdicts = BTreeMap::new();
    let mut paths = BTreeMap::new();
    let mut ignore_aborts_verdicts = BTreeMap::new();
    let mut ignore_aborts_paths = BTreeMap::new();
    for line in source.lines() {
        let Some(rest) = line.trim().strip_prefix(";; expect") else {
            continue;
        };
        let (tag, rest) = rest.split_once(' ').expect("`;; expect... NAME: VALUE`");
        let (name, value) = rest.rsplit_once(": ").expect("`;; expect... NAME: VALUE`");
        let name = name.to_string();
        let path = || value.split(" > ").map(str::to_string).collect::<Vec<_>>();
        let fresh = match tag {
            "" => verdicts.insert(name, verdict(value)).is_none(),
            "-path" => paths.insert(name, path()).is_none(),
            "-ignore-aborts" => ignore_aborts_verdicts
                .insert(name, verdict(value))
                .is_none(),
            "-path-ignore-aborts" => ignore_aborts_paths.insert(name, path()).is_none(),
            other => panic!("unknown expectation `;; expect{other}`"),
        };
        assert!(fresh, "two `;; expect{tag}` lines for one export: {line}");
    }
    if ignore_aborts {
        for (name, v) in ignore_aborts_verdicts {
            if verdicts.insert(name.clone(), v) != Some(v) {
                // A different verdict: the default path does not apply.
                paths.remove(&name);
            }
        }
        paths.extend(ignore_aborts_paths);
    }
    Expectations { verdicts, paths }
}

fn fixtures() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fs::read_dir(fixtures_dir().join("wat"))
        .expect("tests/analyzer/wat")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(out.len() >= 8, "fixtures missing");
    out
}

fn check_fixtures(ignore_aborts: bool) {
    let options = Options {
        count_growth_before_aborts: !ignore_aborts,
        ..Options::default()
    };
    let mode = if ignore_aborts {
        "ignore_aborts"
    } else {
        "default"
    };
    let mut failures = Vec::new();
    for (name, source) in fixtures() {
        let wasm = wat::parse_str(&source).unwrap_or_else(|e| panic!("{name}.wat: {e}"));
        let report = analyze_with(&wasm, &options).unwrap_or_else(|e| panic!("{name}.wat: {e}"));
        let expected = expectations(&source, ignore_aborts);
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
                    failures.push(format!(
                        "{name} ({mode}): path of {} is {:?}, expected {path:?}",
                        entry.name, entry.path
                    ));
                }
            }
            // A "may grow" always comes with a path that ends in a reason.
            assert_eq!(
                entry.verdict.may_grow(),
                !entry.path.is_empty(),
                "{name}: {}",
                entry.name
            );
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
fn fixtures_have_the_expected_ignore_aborts_verdicts_and_paths() {
    check_fixtures(true);
}

#[test]
fn more_conservative_options_only_add_may_grow() {
    let lenient = Options {
        count_growth_before_aborts: false,
        ..Options::default()
    };
    for (name, source) in fixtures() {
        let wasm = wat::parse_str(&source).unwrap();
        let reports = [&lenient, &Options::default(), &Options::strict()]
            .map(|o| analyze_with(&wasm, o).unwrap());
        for pair in reports.windows(2) {
            for (less, more) in pair[0].entries.iter().zip(&pair[1].entries) {
                assert_eq!(less.name, more.name);
                assert!(
                    !less.verdict.may_grow() || more.verdict.may_grow(),
                    "{name}: {}",
                    less.name
                );
            }
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

#[test]
fn wasm_bindgen_function_table_is_trusted_unless_strict() {
    let source = fs::read_to_string(fixtures_dir().join("wat/wasm-bindgen-table.wat")).unwrap();
    let wasm = wat::parse_str(&source).unwrap();
    let trusting = analyze(&wasm).unwrap();
    assert_eq!(
        trusting.entry("calls_closure_shim").unwrap().verdict,
        Verdict::NeverGrows
    );
    let strict = analyze_with(&wasm, &Options::strict()).unwrap();
    let entry = strict.entry("calls_closure_shim").unwrap();
    assert_eq!(entry.verdict, Verdict::MayGrow);
    assert_eq!(
        entry.path,
        [
            "calls_closure_shim",
            "call_indirect through table 0, whose contents are unknown (exported as `__wbindgen_export_2`)"
        ]
    );
    // A module that hands its function table to Rust code as a JS value
    // (`wasm_bindgen::function_table()`) cannot trust it either.
    let handing_out = source.replacen(
        "(type $u (func (param i32)))",
        "(type $u (func (param i32)))\n  (import \"wbg\" \"__wbg___wbindgen_function_table_0123456789abcdef\" (func (result externref)))",
        1,
    );
    let report = analyze(&wat::parse_str(handing_out).unwrap()).unwrap();
    assert_eq!(
        report.entry("calls_closure_shim").unwrap().verdict,
        Verdict::MayGrow
    );
}

#[test]
fn rejects_what_is_not_a_valid_module() {
    assert!(analyze(b"not wasm at all")
        .unwrap_err()
        .to_string()
        .contains("not a WebAssembly binary"));
    let mut truncated = wat::parse_str("(module (func (export \"f\")))").unwrap();
    truncated.truncate(truncated.len() - 3);
    assert!(analyze(&truncated)
        .unwrap_err()
        .to_string()
        .starts_with("invalid wasm"));
    // Well-formed but invalid: a call to a function that does not exist.
    let invalid = [
        0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // header
        1, 4, 1, 0x60, 0, 0, // type section: () -> ()
        3, 2, 1, 0, // function section: one function of type 0
        10, 6, 1, 4, 0, 0x10, 5, 0x0b, // code: call 5; end
    ];
    assert!(analyze(&invalid)
        .unwrap_err()
        .to_string()
        .starts_with("invalid wasm"));
}

#[test]
fn json_report_names_every_entry() {
    let wasm = wat::parse_str(fs::read_to_string(fixtures_dir().join("wat/imports.wat")).unwrap())
        .unwrap();
    let json = analyze(&wasm).unwrap().to_json();
    assert!(json.starts_with("{\"functions\":"));
    assert!(json.contains("{\"name\":\"throws\",\"start\":false,\"function\":"));
    assert!(json.contains("\"verdict\":\"never-grows\",\"path\":[]}"));
    assert!(json.contains("{\"module\":\"env\",\"name\":\"log\",\"class\":\"host\"}"));
    assert!(json.contains("\"class\":\"glue-only\""));
    assert!(json.ends_with(
        ",\"otherExports\":[\"memory\"],\"memories\":[{\"index\":0,\"initial\":1,\"maximum\":null,\
         \"pageSize\":65536,\"shared\":false,\"memory64\":false,\"import\":null,\"exports\":[\"memory\"]}]}"
    ));
}

#[test]
fn reports_each_memory_with_its_limits() {
    let wasm = wat::parse_str(
        r#"(module
            (import "env" "shared" (memory 2 8 shared))
            (memory (export "memory") (export "alias") 17)
            (memory i64 1 3))"#,
    )
    .unwrap();
    let report = analyze(&wasm).unwrap();
    let limits: Vec<_> = report
        .memories
        .iter()
        .map(|m| {
            (
                m.index,
                m.initial,
                m.maximum,
                m.page_size,
                m.shared,
                m.memory64,
            )
        })
        .collect();
    assert_eq!(
        limits,
        [
            (0, 2, Some(8), 65536, true, false),
            (1, 17, None, 65536, false, false),
            (2, 1, Some(3), 65536, false, true),
        ]
    );
    assert_eq!(
        report.memories[0].import,
        Some(("env".to_string(), "shared".to_string()))
    );
    assert_eq!(report.memories[1].exports, ["memory", "alias"]);
    assert!(report.memories[2].exports.is_empty() && report.memories[2].import.is_none());
    assert!(report.to_json().contains(
        "{\"index\":0,\"initial\":2,\"maximum\":8,\"pageSize\":65536,\"shared\":true,\
         \"memory64\":false,\"import\":{\"module\":\"env\",\"name\":\"shared\"},\"exports\":[]}"
    ));
}
