//! Reads a wasm binary into the facts the analysis needs: for each function,
//! the functions it may call and the places where it may grow memory itself.

use std::collections::BTreeSet;

use wasmparser::{
    Catch, CompositeInnerType, ConstExpr, ElementItems, ElementKind, ExternalKind, FuncType,
    HeapType, KnownCustom, MemoryType, Name, Operator, Parser, Payload, TableInit, TypeRef,
    ValType, Validator, WasmFeatures,
};

use crate::imports::{classify_import, hands_out_exports, is_glue_export, ImportClass};
use crate::{Error, Memory, Options};

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

/// One function of the module (imports first, as in the index space).
#[derive(Debug, Default)]
pub(crate) struct Func {
    pub name: Option<String>,
    pub import: Option<(String, String, ImportClass)>,
    /// Reasons this function may grow memory by itself.
    pub sources: Vec<Source>,
    /// The body's control-flow skeleton (empty for imports).
    pub ops: Vec<Op>,
    pub indirect: Vec<Site>,
    /// For a glue-only import: the glue exports its JS may call.
    pub glue_calls: Vec<u32>,
}

/// The call graph of a module and its entry points.
#[derive(Debug, Default)]
pub(crate) struct Program {
    pub funcs: Vec<Func>,
    /// Function exports, in export-section order.
    pub exports: Vec<(String, u32)>,
    /// Names of the other exports (memories, tables, globals, tags).
    pub other_exports: Vec<String>,
    pub memories: Vec<Memory>,
    pub start: Option<u32>,
    /// Some function has a `try_table` or legacy `try`.
    pub has_exception_handlers: bool,
}

/// A function signature as a comparable key, or `None` when the module's
/// types are not simple enough to compare structurally (then `call_indirect`
/// is resolved by table contents alone).
type SigKey = Option<(Vec<ValType>, Vec<ValType>)>;

#[derive(Debug, Default)]
struct Table {
    /// Every function that any active segment or the table's initializer
    /// puts into the table.
    funcs: BTreeSet<u32>,
    /// Why the contents are not known, if they are not.
    open: Option<String>,
    export_names: Vec<String>,
}

#[derive(Default)]
struct Reader {
    program: Program,
    /// Per type index: the function signature key, if it is a function type.
    types: Vec<SigKey>,
    /// False once any type makes structural comparison unsound (subtyping,
    /// recursion groups, typed references).
    simple_types: bool,
    /// Per function index: its type index.
    func_types: Vec<u32>,
    tables: Vec<Table>,
    defined_seen: u32,
    imported_funcs: u32,
}

fn is_simple(ty: &FuncType) -> bool {
    // A concrete reference type names a type index; equal signatures could
    // then be spelled with different indices, so keep to abstract types.
    ty.params().iter().chain(ty.results()).all(|v| match v {
        ValType::Ref(r) => !matches!(r.heap_type(), HeapType::Concrete(_) | HeapType::Exact(_)),
        _ => true,
    })
}

impl Reader {
    fn table(&mut self, index: u32) -> Result<&mut Table, Error> {
        self.tables
            .get_mut(index as usize)
            .ok_or_else(|| Error::new(format!("table {index} does not exist")))
    }

    fn open_table(&mut self, index: u32, why: impl Into<String>) -> Result<(), Error> {
        let table = self.table(index)?;
        if table.open.is_none() {
            table.open = Some(why.into());
        }
        Ok(())
    }

    /// Adds what a constant expression puts into a table.
    fn table_item(&mut self, table: u32, expr: &ConstExpr<'_>) -> Result<(), Error> {
        let mut ops = expr.get_operators_reader();
        while !ops.eof() {
            match ops.read()? {
                Operator::RefFunc { function_index } => {
                    self.table(table)?.funcs.insert(function_index);
                }
                Operator::RefNull { .. } | Operator::End => {}
                _ => self.open_table(table, "filled from a global or a computed reference")?,
            }
        }
        Ok(())
    }

    fn memory(&mut self, ty: MemoryType, import: Option<(String, String)>) {
        let memories = &mut self.program.memories;
        memories.push(Memory {
            index: memories.len() as u32,
            initial: ty.initial,
            maximum: ty.maximum,
            page_size: 1 << ty.page_size_log2.unwrap_or(16),
            shared: ty.shared,
            memory64: ty.memory64,
            import,
            exports: Vec::new(),
        });
    }

    fn payload(&mut self, payload: Payload<'_>) -> Result<(), Error> {
        match payload {
            Payload::TypeSection(reader) => {
                for group in reader {
                    let group = group?;
                    let explicit = group.is_explicit_rec_group() && group.types().len() > 1;
                    for ty in group.into_types() {
                        if explicit || ty.supertype_idx.is_some() {
                            self.simple_types = false;
                        }
                        match &ty.composite_type.inner {
                            CompositeInnerType::Func(f) => {
                                if !is_simple(f) {
                                    self.simple_types = false;
                                }
                                self.types
                                    .push(Some((f.params().to_vec(), f.results().to_vec())));
                            }
                            _ => self.types.push(None),
                        }
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import?;
                    match import.ty {
                        TypeRef::Func(ty) | TypeRef::FuncExact(ty) => {
                            let class = classify_import(import.module, import.name);
                            self.program.funcs.push(Func {
                                import: Some((
                                    import.module.to_string(),
                                    import.name.to_string(),
                                    class,
                                )),
                                ..Func::default()
                            });
                            self.func_types.push(ty);
                            self.imported_funcs += 1;
                        }
                        TypeRef::Table(_) => self.tables.push(Table {
                            open: Some(format!("imported from {}.{}", import.module, import.name)),
                            ..Table::default()
                        }),
                        TypeRef::Memory(ty) => self.memory(
                            ty,
                            Some((import.module.to_string(), import.name.to_string())),
                        ),
                        _ => {}
                    }
                }
            }
            Payload::FunctionSection(reader) => {
                for ty in reader {
                    self.func_types.push(ty?);
                    self.program.funcs.push(Func::default());
                }
            }
            Payload::TableSection(reader) => {
                for table in reader {
                    let table = table?;
                    let index = self.tables.len() as u32;
                    self.tables.push(Table::default());
                    if let TableInit::Expr(expr) = &table.init {
                        self.table_item(index, expr)?;
                    }
                }
            }
            Payload::MemorySection(reader) => {
                for ty in reader {
                    self.memory(ty?, None);
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export?;
                    match export.kind {
                        ExternalKind::Func | ExternalKind::FuncExact => self
                            .program
                            .exports
                            .push((export.name.to_string(), export.index)),
                        ExternalKind::Memory => {
                            if let Some(memory) =
                                self.program.memories.get_mut(export.index as usize)
                            {
                                memory.exports.push(export.name.to_string());
                            }
                            self.program.other_exports.push(export.name.to_string());
                        }
                        ExternalKind::Table => {
                            self.table(export.index)?
                                .export_names
                                .push(export.name.to_string());
                            self.program.other_exports.push(export.name.to_string());
                        }
                        _ => self.program.other_exports.push(export.name.to_string()),
                    }
                }
            }
            Payload::StartSection { func, .. } => self.program.start = Some(func),
            Payload::ElementSection(reader) => {
                for element in reader {
                    let element = element?;
                    // Passive and declared segments reach a table only through
                    // `table.init`, which opens the table (see `body`).
                    let ElementKind::Active { table_index, .. } = element.kind else {
                        continue;
                    };
                    let table = table_index.unwrap_or(0);
                    match element.items {
                        ElementItems::Functions(funcs) => {
                            for f in funcs {
                                let f = f?;
                                self.table(table)?.funcs.insert(f);
                            }
                        }
                        ElementItems::Expressions(_, exprs) => {
                            for expr in exprs {
                                self.table_item(table, &expr?)?;
                            }
                        }
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let index = self.imported_funcs + self.defined_seen;
                self.defined_seen += 1;
                let mut ops = body.get_operators_reader()?;
                while !ops.eof() {
                    self.operator(index, ops.read()?)?;
                }
            }
            Payload::CustomSection(section) => {
                if let KnownCustom::Name(names) = section.as_known() {
                    // A malformed name section only costs names, not answers.
                    for name in names.into_iter().flatten() {
                        if let Name::Function(map) = name {
                            for naming in map.into_iter().flatten() {
                                if let Some(f) = self.program.funcs.get_mut(naming.index as usize) {
                                    f.name = Some(naming.name.to_string());
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn operator(&mut self, index: u32, op: Operator<'_>) -> Result<(), Error> {
        fn source(func: &mut Func, s: Source) -> usize {
            func.sources.push(s);
            func.sources.len() - 1
        }
        let func = &mut self.program.funcs[index as usize];
        let op = match op {
            Operator::Block { .. } => Op::Block { is_if: false },
            Operator::Try { .. } => {
                self.program.has_exception_handlers = true;
                Op::Block { is_if: false }
            }
            Operator::If { .. } => Op::Block { is_if: true },
            Operator::Loop { .. } => Op::Loop,
            Operator::TryTable { try_table } => {
                self.program.has_exception_handlers = true;
                Op::TryTable {
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
                }
            }
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
            } => {
                func.indirect.push(Site::Pending(type_index, table_index));
                Op::Indirect {
                    site: func.indirect.len() - 1,
                    tail: false,
                }
            }
            Operator::ReturnCallIndirect {
                type_index,
                table_index,
            } => {
                func.indirect.push(Site::Pending(type_index, table_index));
                Op::Indirect {
                    site: func.indirect.len() - 1,
                    tail: true,
                }
            }
            Operator::MemoryGrow { mem } => Op::Grow {
                source: source(func, Source::MemoryGrow { memory: mem }),
            },
            Operator::CallRef { .. } => Op::Opaque {
                source: source(
                    func,
                    Source::FunctionReference {
                        instruction: "call_ref",
                    },
                ),
                tail: false,
            },
            Operator::ReturnCallRef { .. } => Op::Opaque {
                source: source(
                    func,
                    Source::FunctionReference {
                        instruction: "return_call_ref",
                    },
                ),
                tail: true,
            },
            // Stack switching runs continuations (function references); a
            // suspended continuation may also never come back, which only
            // makes the analysis more conservative here.
            Operator::Resume { .. }
            | Operator::ResumeThrow { .. }
            | Operator::ResumeThrowRef { .. }
            | Operator::Switch { .. }
            | Operator::Suspend { .. } => Op::Opaque {
                source: source(
                    func,
                    Source::FunctionReference {
                        instruction: "resume",
                    },
                ),
                tail: false,
            },
            // Writes to a table: its contents are no longer those of the
            // segments.
            Operator::TableSet { table } => return self.open_table(table, "written by table.set"),
            Operator::TableFill { table } => {
                return self.open_table(table, "written by table.fill")
            }
            Operator::TableGrow { table } => {
                return self.open_table(table, "written by table.grow")
            }
            Operator::TableCopy { dst_table, .. } => {
                return self.open_table(dst_table, "written by table.copy")
            }
            Operator::TableInit { table, .. } => {
                return self.open_table(table, "written by table.init")
            }
            _ => return Ok(()),
        };
        func.ops.push(op);
        Ok(())
    }

    fn finish(mut self, options: &Options) -> Result<Program, Error> {
        // Exported tables can be written by whoever holds the exports. The
        // glue of wasm-bindgen only reads the function table it exports,
        // unless the module asks for the table (or all exports) as a JS value.
        let handed_out = self.program.funcs.iter().any(|f| match &f.import {
            Some((module, name, _)) => hands_out_exports(module, name),
            None => false,
        });
        for table in &mut self.tables {
            if table.open.is_none() && !table.export_names.is_empty() {
                let trusted = options.trust_wasm_bindgen_tables
                    && !handed_out
                    && table.export_names.iter().all(|n| {
                        n.starts_with("__wbindgen_export") || n == "__indirect_function_table"
                    });
                if !trusted {
                    table.open = Some(format!("exported as `{}`", table.export_names.join("`, `")));
                }
            }
        }
        let sig = |reader: &Reader, ty: u32| -> SigKey {
            reader.types.get(ty as usize).cloned().flatten()
        };
        for index in 0..self.program.funcs.len() {
            for site in 0..self.program.funcs[index].indirect.len() {
                let Site::Pending(type_index, table_index) =
                    self.program.funcs[index].indirect[site]
                else {
                    continue;
                };
                let table = self
                    .tables
                    .get(table_index as usize)
                    .ok_or_else(|| Error::new("bad table index"))?;
                let resolved = if let Some(why) = &table.open {
                    let func = &mut self.program.funcs[index];
                    func.sources.push(Source::OpenTable {
                        table: table_index,
                        why: why.clone(),
                    });
                    Site::Open {
                        source: func.sources.len() - 1,
                    }
                } else {
                    let wanted = sig(&self, type_index);
                    let targets = table
                        .funcs
                        .iter()
                        .copied()
                        .filter(|&f| {
                            !self.simple_types
                                || wanted.is_none()
                                || sig(&self, self.func_types[f as usize]) == wanted
                        })
                        .collect();
                    Site::Resolved {
                        table: table_index,
                        targets,
                    }
                };
                self.program.funcs[index].indirect[site] = resolved;
            }
        }
        // Imports: host code is a source; glue-only intrinsics call the glue
        // exports back.
        let glue: Vec<u32> = self
            .program
            .exports
            .iter()
            .filter(|(name, _)| is_glue_export(name))
            .map(|&(_, f)| f)
            .collect();
        for func in &mut self.program.funcs {
            let Some((_, _, class)) = &func.import else {
                continue;
            };
            match class {
                ImportClass::Inert => {}
                ImportClass::GlueOnly => func.glue_calls = glue.clone(),
                ImportClass::Host => func.sources.push(Source::Import),
            }
        }
        Ok(self.program)
    }
}

/// Validates `bytes` and reads its call graph.
pub(crate) fn read(bytes: &[u8], options: &Options) -> Result<Program, Error> {
    if bytes.len() < 8 || &bytes[..4] != b"\0asm" {
        return Err(Error::new("not a WebAssembly binary (no \\0asm header)"));
    }
    Validator::new_with_features(WasmFeatures::default()).validate_all(bytes)?;
    let mut reader = Reader {
        simple_types: true,
        ..Reader::default()
    };
    for payload in Parser::new(0).parse_all(bytes) {
        reader.payload(payload?)?;
    }
    reader.finish(options)
}
