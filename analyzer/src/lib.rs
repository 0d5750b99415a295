//! Which calls into a WebAssembly module may grow its memory.
//!
//! When a wasm memory grows, every `ArrayBuffer` JavaScript holds on it is
//! detached, so a typed-array view obtained before a call that grows memory
//! is stale after it. This crate reads a wasm binary and decides, for every
//! exported function (and the start function), whether executing it may reach
//! `memory.grow`:
//!
//! - directly (a `memory.grow` instruction),
//! - through the call graph (`call`, `return_call`),
//! - through `call_indirect`, resolved by the table's contents and the call's
//!   signature when the table can only hold what the module's element
//!   segments put there; otherwise "may grow",
//! - through `call_ref` and other calls of function references: "may grow",
//! - through imported functions: "may grow" (host code can grow an exported
//!   memory or call any export back), except wasm-bindgen intrinsics whose
//!   generated JavaScript is known (see [`classify_import`]).
//!
//! The analysis over-approximates: it may say "may grow" for an export that
//! never grows at run time (a path guarded by a condition that is never
//! true), but it never says "never grows" for an export that can grow.
//!
//! ```
//! let wasm = wat::parse_str(r#"
//!     (module
//!       (memory (export "memory") 1)
//!       (func (export "grow") (result i32) (memory.grow (i32.const 1)))
//!       (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
//! "#).unwrap();
//! let report = wasm_views_analyzer::analyze(&wasm).unwrap();
//! assert!(report.entry("grow").unwrap().verdict.may_grow());
//! assert!(!report.entry("add").unwrap().verdict.may_grow());
//! assert_eq!(report.entry("grow").unwrap().path, ["grow", "memory.grow"]);
//! ```
#![warn(missing_docs)]

mod flow;
mod imports;
mod json;
mod module;
mod skeleton;
#[cfg(target_arch = "wasm32")]
mod wasm;

use std::collections::VecDeque;
use std::fmt;

use flow::Via;
pub use imports::{classify_import, ImportClass};
use module::Program;
use skeleton::Source;

/// How the analysis treats what it cannot see.
#[derive(Clone, Debug)]
pub struct Options {
    /// Treat function tables that wasm-bindgen exports for its JS glue
    /// (`__wbindgen_export*`, `__indirect_function_table`) as written only by
    /// the module itself. The glue only reads them (`table.get(index)`); code
    /// that writes into them through the raw exports is outside what the
    /// analysis covers. Not applied when the module imports the intrinsics
    /// that hand the table or all exports to Rust code as a JS value
    /// (`wasm_bindgen::function_table()`, `exports()`, `instance()`). `false`
    /// treats every exported table as holding unknown functions.
    pub trust_wasm_bindgen_tables: bool,
    /// Count growth on every path, whatever way the call ends (the
    /// default). With `false`, only growth after which the call can *return
    /// normally* counts: growth on paths that must end in a trap or in an
    /// exception thrown through the module's code is not counted. A Rust
    /// panic with `panic = "abort"` allocates its message and then traps, and
    /// `wasm_bindgen::throw_str` throws past Rust frames without running
    /// their destructors; after either, the instance's state is not
    /// consistent anyway. (wasm-bindgen returns a Rust `Err` normally and
    /// throws it in the JS glue, so those paths still count.) In a module
    /// with exception handlers (`try_table`, `try`), growth followed by a
    /// throw still counts, since a handler may catch it and return.
    pub count_growth_before_aborts: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            trust_wasm_bindgen_tables: true,
            count_growth_before_aborts: true,
        }
    }
}

impl Options {
    /// The most conservative options: also treat the tables wasm-bindgen
    /// exports as holding unknown functions.
    pub fn strict() -> Self {
        Options {
            trust_wasm_bindgen_tables: false,
            ..Options::default()
        }
    }
}

/// Why a binary could not be analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(String);

impl Error {
    fn new(message: impl Into<String>) -> Self {
        Error(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<wasmparser::BinaryReaderError> for Error {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        Error(format!("invalid wasm: {e}"))
    }
}

/// The answer for one entry point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Some path from the entry reaches `memory.grow` or code the analysis
    /// cannot see.
    MayGrow,
    /// No path from the entry can grow memory.
    NeverGrows,
}

impl Verdict {
    /// Whether this is [`Verdict::MayGrow`].
    pub fn may_grow(self) -> bool {
        self == Verdict::MayGrow
    }

    /// `"may-grow"` or `"never-grows"`, as in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::MayGrow => "may-grow",
            Verdict::NeverGrows => "never-grows",
        }
    }
}

/// An entry point of the module and its verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The export name, or `(start)` for the start function.
    pub name: String,
    /// Whether this is the start function rather than an export.
    pub is_start: bool,
    /// The function index the entry runs.
    pub function: u32,
    /// The verdict.
    pub verdict: Verdict,
    /// For [`Verdict::MayGrow`], one shortest path: the entry's name, the
    /// functions called on the way, and last what grows (`memory.grow`, an
    /// unresolved indirect call, a host import). Empty for
    /// [`Verdict::NeverGrows`].
    pub path: Vec<String>,
}

/// An imported function and how the analysis classified it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// The import module.
    pub module: String,
    /// The import field name.
    pub name: String,
    /// The classification.
    pub class: ImportClass,
}

/// A memory of the module: its size limits, in pages, as declared.
///
/// The initial size is what a module starts with before any growth
/// (`-C link-arg=--initial-memory=BYTES` sets it for a Rust build); with a
/// maximum, the memory can never grow past it (`--max-memory=BYTES`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Memory {
    /// The memory's index.
    pub index: u32,
    /// Initial size in pages.
    pub initial: u64,
    /// Maximum size in pages, if the module declares one.
    pub maximum: Option<u64>,
    /// Bytes per page: 65536 unless the module uses custom page sizes.
    pub page_size: u64,
    /// A shared memory (threads).
    pub shared: bool,
    /// A 64-bit memory (memory64).
    pub memory64: bool,
    /// `(module, name)` if the memory is imported rather than defined.
    pub import: Option<(String, String)>,
    /// The names it is exported under.
    pub exports: Vec<String>,
}

/// The analysis of one module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// Function exports in export-section order, then the start function.
    pub entries: Vec<Entry>,
    /// Imported functions in index order.
    pub imports: Vec<Import>,
    /// Names of the exports that are not functions (memories, tables,
    /// globals, tags).
    pub other_exports: Vec<String>,
    /// The memories, imported ones first, in index order.
    pub memories: Vec<Memory>,
    /// Number of functions (imported and defined).
    pub functions: u32,
}

impl Report {
    /// The entry with this export name (`(start)` for the start function).
    pub fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// The report as JSON: `{"functions", "entries": [{"name", "start",
    /// "function", "verdict", "path"}], "imports": [{"module", "name",
    /// "class"}], "otherExports": [names], "memories": [{"index",
    /// "initial", "maximum", "pageSize", "shared", "memory64", "import",
    /// "exports"}]}` (`maximum` and `import` may be `null`; `import` is
    /// `{"module", "name"}`).
    pub fn to_json(&self) -> String {
        json::report(self)
    }
}

/// Analyses a wasm binary with the default [`Options`].
pub fn analyze(bytes: &[u8]) -> Result<Report, Error> {
    analyze_with(bytes, &Options::default())
}

/// Analyses a wasm binary.
pub fn analyze_with(bytes: &[u8], options: &Options) -> Result<Report, Error> {
    let program = module::read(bytes, options)?;
    Ok(verdicts(&program, options))
}

/// How a function is named in paths: an import by what it imports (that is
/// what a reader can look up), others by the name section, or by index.
fn function_name(program: &Program, f: u32) -> String {
    let func = &program.funcs[f as usize];
    match (&func.import, &func.name) {
        (Some((module, name, _)), _) => format!("{module}.{name}"),
        (None, Some(name)) => name.clone(),
        (None, None) => match program.exports.iter().find(|(_, g)| *g == f) {
            Some((export, _)) => export.clone(),
            None => format!("func[{f}]"),
        },
    }
}

fn describe(source: &Source) -> String {
    match source {
        Source::MemoryGrow { memory: 0 } => "memory.grow".to_string(),
        Source::MemoryGrow { memory } => format!("memory.grow (memory {memory})"),
        Source::OpenTable { table, why } => {
            format!("call_indirect through table {table}, whose contents are unknown ({why})")
        }
        Source::FunctionReference { instruction } => {
            format!("{instruction} to a function reference")
        }
        Source::Import => "host code: may grow memory or call back into any export".to_string(),
    }
}

/// A breadth-first search backwards from every function that grows memory
/// itself gives each function its distance to the nearest one and the next
/// step on the way. Only calls and `memory.grow`s that can execute count
/// (none after a call that never returns). Unless growth before an abort
/// counts, only functions that can return normally (or throw, in a module
/// that can catch) take part: growth inside a function that cannot is never
/// seen by a caller that goes on normally.
fn verdicts(program: &Program, options: &Options) -> Report {
    let (exits, bodies) = flow::bodies(program);
    let n = program.funcs.len();
    let counts = |f: usize| {
        options.count_growth_before_aborts
            || exits[f].returns
            || (program.has_exception_handlers && exits[f].throws)
    };
    let mut callers: Vec<Vec<(u32, Via)>> = vec![Vec::new(); n];
    for (caller, body) in bodies.iter().enumerate() {
        for &(callee, via) in &body.calls {
            callers[callee as usize].push((caller as u32, via));
        }
    }
    // next[f] = Some(None): f grows itself; Some(Some((g, via))): via g.
    let mut next: Vec<Option<Option<(u32, Via)>>> = vec![None; n];
    let mut queue = VecDeque::new();
    for (f, body) in bodies.iter().enumerate() {
        if !body.sources.is_empty() && counts(f) {
            next[f] = Some(None);
            queue.push_back(f as u32);
        }
    }
    while let Some(callee) = queue.pop_front() {
        for &(caller, via) in &callers[callee as usize] {
            if next[caller as usize].is_none() && counts(caller as usize) {
                next[caller as usize] = Some(Some((callee, via)));
                queue.push_back(caller);
            }
        }
    }

    let entry = |name: &str, function: u32, is_start: bool| {
        let mut path = Vec::new();
        if next[function as usize].is_some() {
            path.push(name.to_string());
            if is_start {
                path.push(function_name(program, function));
            }
            let mut at = function;
            while let Some(Some((callee, via))) = next[at as usize] {
                let callee_name = function_name(program, callee);
                path.push(match via {
                    Via::Call => callee_name,
                    Via::Indirect { table } => {
                        format!("{callee_name} (call_indirect, table {table})")
                    }
                    Via::Glue => format!("{callee_name} (called back by the import's JS glue)"),
                });
                at = callee;
            }
            let func = &program.funcs[at as usize];
            if at == function && !is_start && func.import.is_some() {
                // A re-exported import: name what it imports.
                path.push(function_name(program, at));
            }
            path.push(describe(&func.sources[bodies[at as usize].sources[0]]));
        }
        Entry {
            name: name.to_string(),
            is_start,
            function,
            verdict: if path.is_empty() {
                Verdict::NeverGrows
            } else {
                Verdict::MayGrow
            },
            path,
        }
    };
    let mut entries: Vec<Entry> = program
        .exports
        .iter()
        .map(|(name, f)| entry(name, *f, false))
        .collect();
    if let Some(start) = program.start {
        entries.push(entry("(start)", start, true));
    }
    let imports = program
        .funcs
        .iter()
        .filter_map(|f| f.import.as_ref())
        .map(|(module, name, class)| Import {
            module: module.clone(),
            name: name.clone(),
            class: *class,
        })
        .collect();
    Report {
        entries,
        imports,
        other_exports: program.other_exports.clone(),
        memories: program.memories.clone(),
        functions: n as u32,
    }
}
