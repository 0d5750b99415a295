;; Imports as other wasm-bindgen versions name them. 0.2.100 (and before)
;; imports intrinsics under their own names, without the `__wbg_` prefix and
;; hash that 0.2.130 adds (`__wbindgen_throw`, module
;; `__wbindgen_placeholder__` for --target nodejs, `wbg` for --target web),
;; numbers closure shims (`__wbindgen_closure_wrapper7938`), and has
;; intrinsics 0.2.130 no longer has. The anyref era (0.2.5x) names the
;; externref table's glue exports `__anyref_table_*`. An intrinsic the
;; analyzer does not know, of any version, is host code: "may grow".
;; expect throws: never-grows
;; expect drops_ref: never-grows
;; expect checks_undefined: never-grows
;; expect gets_string: may-grow
;; expect-path gets_string: gets_string > __wbindgen_placeholder__.__wbindgen_string_get > __anyref_table_alloc (called back by the import's JS glue) > memory.grow
;; expect makes_closure: may-grow
;; expect-path makes_closure: makes_closure > __wbindgen_placeholder__.__wbindgen_closure_wrapper7938 > host code: may grow memory or call back into any export
;; expect drops_closure: may-grow
;; expect reads_buffer: may-grow
;; expect formats: may-grow
;; expect old_anyref_table: may-grow
;; expect unknown_intrinsic: may-grow
;; expect-path unknown_intrinsic: unknown_intrinsic > wbg.__wbg___wbindgen_frobnicate_0123456789abcdef > host code: may grow memory or call back into any export
;; expect unknown_unhashed_intrinsic: may-grow
;; expect __wbindgen_malloc: never-grows
;; expect __anyref_table_alloc: may-grow
(module
  ;; 0.2.100, --target nodejs: known intrinsics, unprefixed and unhashed.
  (import "__wbindgen_placeholder__" "__wbindgen_throw" (func $throw (param i32 i32)))
  (import "__wbindgen_placeholder__" "__wbindgen_object_drop_ref" (func $drop_ref (param i32)))
  (import "__wbindgen_placeholder__" "__wbindgen_is_undefined" (func $is_undefined (param i32) (result i32)))
  (import "__wbindgen_placeholder__" "__wbindgen_string_get" (func $string_get (param i32 i32)))
  ;; 0.2.100 intrinsics the analyzer does not classify: closures run user code.
  (import "__wbindgen_placeholder__" "__wbindgen_closure_wrapper7938" (func $closure (param i32 i32 i32) (result i32)))
  (import "__wbindgen_placeholder__" "__wbindgen_cb_drop" (func $cb_drop (param i32) (result i32)))
  (import "__wbindgen_placeholder__" "__wbindgen_debug_string" (func $debug_string (param i32 i32)))
  ;; A js-sys binding (`Uint8Array.buffer`), hashed as 0.2.100 hashes it.
  (import "__wbindgen_placeholder__" "__wbg_buffer_609cc3eee51ed158" (func $buffer (param i32) (result i32)))
  ;; The anyref era's table set-up, and intrinsics of a version to come.
  (import "./pkg_bg.js" "__wbindgen_init_anyref_table" (func $init_anyref (param)))
  (import "wbg" "__wbg___wbindgen_frobnicate_0123456789abcdef" (func $frobnicate))
  (import "wbg" "__wbindgen_frobnicate" (func $frobnicate_raw))
  (memory (export "memory") 1)
  (func (export "throws") (call $throw (i32.const 0) (i32.const 0)))
  (func (export "drops_ref") (call $drop_ref (i32.const 32)))
  (func (export "checks_undefined") (result i32) (call $is_undefined (i32.const 32)))
  (func (export "gets_string") (call $string_get (i32.const 8) (i32.const 32)))
  (func (export "makes_closure") (result i32)
    (call $closure (i32.const 1) (i32.const 2) (i32.const 3)))
  (func (export "drops_closure") (result i32) (call $cb_drop (i32.const 32)))
  (func (export "reads_buffer") (result i32) (call $buffer (i32.const 32)))
  (func (export "formats") (call $debug_string (i32.const 8) (i32.const 32)))
  (func (export "old_anyref_table") (call $init_anyref))
  (func (export "unknown_intrinsic") (call $frobnicate))
  (func (export "unknown_unhashed_intrinsic") (call $frobnicate_raw))
  ;; The glue exports a glue-only intrinsic's JS may call back: the
  ;; allocator here never grows, the anyref table's allocator does.
  (func (export "__wbindgen_malloc") (param i32 i32) (result i32) (i32.const 8))
  (func (export "__anyref_table_alloc") (result i32)
    (memory.grow (i32.const 1))))
