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

/// Writes `export const NAME = [...] as const;`: `column` of every kind, in kind-code order.
fn kind_array(out: &mut String, name: &str, column: impl Fn(&Kind) -> String) {
    let items: Vec<String> = Kind::ALL.iter().map(column).collect();
    let one_line = format!("export const {name} = [{}] as const;", items.join(", "));
    if one_line.len() <= WIDTH {
        writeln!(out, "{one_line}").unwrap();
    } else {
        writeln!(out, "export const {name} = [").unwrap();
        for item in &items {
            writeln!(out, "  {item},").unwrap();
        }
        writeln!(out, "] as const;").unwrap();
    }
}

/// Writes `// comment` and an `export const NAME = value;` line per constant, in decimal or
/// in the format given after it (`SLOT_MASK: "{:#x}"`): each name is written once, as the
/// Rust constant it stands for.
macro_rules! consts {
    ($out:ident, $comment:expr; $($name:ident $(: $format:literal)?),+ $(,)?) => {
        writeln!($out, "\n// {}", $comment).unwrap();
        $(writeln!($out, "export const {} = {};", stringify!($name), consts!(@value $name $($format)?))
            .unwrap();)+
    };
    (@value $name:ident) => {
        $name.to_string()
    };
    (@value $name:ident $format:literal) => {
        format!($format, $name)
    };
}

fn render() -> String {
    let mut out = String::new();
    out.push_str(
        "// Generated from the Rust core (crate/src/kind.rs, crate/src/layout.rs) by\n\
         // crate/tests/abi_gen.rs. Do not edit: `cargo test` fails when this file differs from\n\
         // the Rust source; `WASM_VIEWS_BLESS=1 cargo test -p wasm-views --test abi_gen`\n\
         // rewrites it. The byte layout itself is described in crate/LAYOUT.md.\n",
    );
    // The numbers first: esbuild inlines an imported `const` number into the bundle only
    // when no array or object is exported before it in the file (the facade's size, issue 12).
    consts!(out, "Table header."; TABLE_MAGIC: "{:#x}", LAYOUT_VERSION);
    consts!(
        out,
        "Header fields as u32 word indexes from the table address / 4.";
        HEADER_MAGIC,
        HEADER_VERSION,
        HEADER_CAPACITY,
        HEADER_EPOCH,
        HEADER_LIVE,
        HEADER_CHUNK_SLOTS,
        HEADER_ENTRY_BYTES,
        HEADER_DIRECTORY,
    );
    consts!(
        out,
        "Chunks: slot s has its entry at dir[s >> CHUNK_SHIFT] + (s & 255) * ENTRY_WORDS * 4.";
        CHUNK_SHIFT,
        CHUNK_SLOTS,
        MAX_CHUNKS,
        ENTRY_WORDS,
    );
    consts!(
        out,
        "Entry fields as u32 word indexes from the entry address / 4.";
        ENTRY_PTR,
        ENTRY_LENGTH,
        ENTRY_KIND,
        ENTRY_GENERATION,
        ENTRY_VERSION,
        ENTRY_STATE,
        ENTRY_RELEASED_BY,
    );
    consts!(
        out,
        "Entry states (owners); ENTRY_RELEASED_BY holds the state a released slot had.";
        STATE_FREE,
        STATE_RUST,
        STATE_JS,
        STATE_RAW,
    );
    consts!(
        out,
        "Export status codes; wasmViewsAlloc returns a handle (>= 1 << SLOT_BITS) or one of these.";
        STATUS_OK,
        STATUS_STALE_HANDLE,
        STATUS_KIND_MISMATCH,
        STATUS_OUT_OF_MEMORY,
        STATUS_TOO_LARGE,
        STATUS_UNKNOWN_KIND,
        STATUS_WRONG_OWNER,
        STATUS_BORROWED,
    );
    consts!(
        out,
        "Handles: (generation << SLOT_BITS) | slot.";
        SLOT_BITS,
        SLOT_MASK: "{:#x}",
        MAX_GENERATION,
    );
    out.push_str("\n// Element kinds; the index is the kind code.\n");
    kind_array(&mut out, "KINDS", |k| format!("'{}'", k.name()));
    kind_array(&mut out, "KIND_BYTES", |k| k.bytes().to_string());
    kind_array(&mut out, "KIND_ARRAYS", |k| format!("'{}'", k.js_array()));
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
