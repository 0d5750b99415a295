//! Reads a wasm binary into the facts the analysis needs: for each function,
//! the functions it may call and the places where it may grow memory itself.

use std::collections::BTreeSet;

use wasmparser::{
    CompositeInnerType, ConstExpr, ElementItems, ElementKind, ExternalKind, FuncType, HeapType,
    KnownCustom, MemoryType, Name, Operator, Parser, Payload, TableInit, TypeRef, ValType,
    Validator, WasmFeatures,
};

use crate::imports::{classify_import, hands_out_exports, is_glue_export, ImportClass};
use crate::skeleton::{self, Op, Site, Source, Step};
use crate::{Error, Memory, Options};

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
        if matches!(op, Operator::Try { .. } | Operator::TryTable { .. }) {
            self.program.has_exception_handlers = true;
        }
        match skeleton::step(&mut self.program.funcs[index as usize], op)? {
            Step::Op(op) => self.program.funcs[index as usize].ops.push(op),
            Step::TableWrite { table, why } => self.open_table(table, why)?,
            Step::None => {}
        }
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
