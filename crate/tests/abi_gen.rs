//! Renders `ts/src/abi.gen.ts` from the Rust kind table and layout constants, so the
//! TypeScript facade and the core cannot drift. Fails when the file differs;
//! `WASM_VIEWS_BLESS=1 cargo test -p wasm-views --test abi_gen` rewrites it.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write;
use std::path::PathBuf;
use wasm_views::layout::*;
use wasm_views::Kind;

/// Where prettier (at its default width, or 100) keeps an array on one line.
const WIDTH: usize = 80;

fn array(out: &mut String, name: &str, items: &[String]) {
    let one_line = format!("export const {name} = [{}] as const;", items.join(", "));
    if one_line.len() <= WIDTH {
        writeln!(out, "{one_line}").unwrap();
    } else {
        writeln!(out, "export const {name} = [").unwrap();
        for item in items {
            writeln!(out, "  {item},").unwrap();
        }
        writeln!(out, "] as const;").unwrap();
    }
}

fn render() -> String {
    let quote = |s: &str| format!("'{s}'");
    let mut out = String::new();
    out.push_str(
        "// Generated from the Rust core (crate/src/kind.rs, crate/src/layout.rs) by\n\
         // crate/tests/abi_gen.rs. Do not edit: `cargo test` fails when this file differs from\n\
         // the Rust source; `WASM_VIEWS_BLESS=1 cargo test -p wasm-views --test abi_gen`\n\
         // rewrites it. The byte layout itself is described in crate/LAYOUT.md.\n",
    );
    // The numbers first: esbuild inlines an imported `const` number into the bundle only
    // when no array or object is exported before it in the file (the facade's size, issue 12).
    let consts = |out: &mut String, comment: &str, items: &[(&str, String)]| {
        writeln!(out, "\n// {comment}").unwrap();
        for (name, value) in items {
            writeln!(out, "export const {name} = {value};").unwrap();
        }
    };
    let n = |v: usize| v.to_string();
    consts(
        &mut out,
        "Table header.",
        &[
            ("TABLE_MAGIC", format!("{TABLE_MAGIC:#x}")),
            ("LAYOUT_VERSION", LAYOUT_VERSION.to_string()),
        ],
    );
    consts(
        &mut out,
        "Header fields as u32 word indexes from the table address / 4.",
        &[
            ("HEADER_MAGIC", n(HEADER_MAGIC)),
            ("HEADER_VERSION", n(HEADER_VERSION)),
            ("HEADER_CAPACITY", n(HEADER_CAPACITY)),
            ("HEADER_EPOCH", n(HEADER_EPOCH)),
            ("HEADER_LIVE", n(HEADER_LIVE)),
            ("HEADER_CHUNK_SLOTS", n(HEADER_CHUNK_SLOTS)),
            ("HEADER_ENTRY_BYTES", n(HEADER_ENTRY_BYTES)),
            ("HEADER_DIRECTORY", n(HEADER_DIRECTORY)),
        ],
    );
    consts(
        &mut out,
        "Chunks: slot s has its entry at dir[s >> CHUNK_SHIFT] + (s & 255) * ENTRY_WORDS * 4.",
        &[
            ("CHUNK_SHIFT", CHUNK_SHIFT.to_string()),
            ("CHUNK_SLOTS", n(CHUNK_SLOTS)),
            ("MAX_CHUNKS", n(MAX_CHUNKS)),
            ("ENTRY_WORDS", n(ENTRY_WORDS)),
        ],
    );
    consts(
        &mut out,
        "Entry fields as u32 word indexes from the entry address / 4.",
        &[
            ("ENTRY_PTR", n(ENTRY_PTR)),
            ("ENTRY_LENGTH", n(ENTRY_LENGTH)),
            ("ENTRY_KIND", n(ENTRY_KIND)),
            ("ENTRY_GENERATION", n(ENTRY_GENERATION)),
            ("ENTRY_VERSION", n(ENTRY_VERSION)),
            ("ENTRY_STATE", n(ENTRY_STATE)),
            ("ENTRY_RELEASED_BY", n(ENTRY_RELEASED_BY)),
        ],
    );
    consts(
        &mut out,
        "Entry states (owners); ENTRY_RELEASED_BY holds the state a released slot had.",
        &[
            ("STATE_FREE", STATE_FREE.to_string()),
            ("STATE_RUST", STATE_RUST.to_string()),
            ("STATE_JS", STATE_JS.to_string()),
            ("STATE_RAW", STATE_RAW.to_string()),
        ],
    );
    consts(
        &mut out,
        "Export status codes; wasmViewsAlloc returns a handle (>= 1 << SLOT_BITS) or one of these.",
        &[
            ("STATUS_OK", STATUS_OK.to_string()),
            ("STATUS_STALE_HANDLE", STATUS_STALE_HANDLE.to_string()),
            ("STATUS_KIND_MISMATCH", STATUS_KIND_MISMATCH.to_string()),
            ("STATUS_OUT_OF_MEMORY", STATUS_OUT_OF_MEMORY.to_string()),
            ("STATUS_TOO_LARGE", STATUS_TOO_LARGE.to_string()),
            ("STATUS_UNKNOWN_KIND", STATUS_UNKNOWN_KIND.to_string()),
            ("STATUS_WRONG_OWNER", STATUS_WRONG_OWNER.to_string()),
            ("STATUS_BORROWED", STATUS_BORROWED.to_string()),
        ],
    );
    consts(
        &mut out,
        "Handles: (generation << SLOT_BITS) | slot.",
        &[
            ("SLOT_BITS", SLOT_BITS.to_string()),
            ("SLOT_MASK", format!("{SLOT_MASK:#x}")),
            ("MAX_GENERATION", MAX_GENERATION.to_string()),
        ],
    );
    out.push_str("\n// Element kinds; the index is the kind code.\n");
    array(
        &mut out,
        "KINDS",
        &Kind::ALL
            .iter()
            .map(|k| quote(k.name()))
            .collect::<Vec<_>>(),
    );
    array(
        &mut out,
        "KIND_BYTES",
        &Kind::ALL
            .iter()
            .map(|k| k.bytes().to_string())
            .collect::<Vec<_>>(),
    );
    array(
        &mut out,
        "KIND_ARRAYS",
        &Kind::ALL
            .iter()
            .map(|k| quote(k.js_array()))
            .collect::<Vec<_>>(),
    );
    writeln!(
        out,
        "\n// Every export and the wasm-views Cargo feature that adds it ('' = always there).\n\
         export const EXPORT_FEATURES = {{"
    )
    .unwrap();
    for (export, feature) in EXPORTS {
        writeln!(out, "  {export}: '{feature}',").unwrap();
    }
    writeln!(out, "}} as const;").unwrap();
    out
}

#[test]
fn abi_gen() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ts/src/abi.gen.ts");
    let expected = render();
    for line in expected.lines() {
        assert!(
            line.len() <= 100,
            "generated line longer than 100 characters: {line}"
        );
    }
    if std::env::var_os("WASM_VIEWS_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &expected).expect("write abi.gen.ts");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} is out of date with the Rust kind table / layout constants.\n\
         Regenerate it with: WASM_VIEWS_BLESS=1 cargo test -p wasm-views --test abi_gen",
        path.display()
    );
}
