;; Imported functions: host code may grow memory or call back into any
;; export, except wasm-bindgen intrinsics whose JS glue is known.
;; expect logs: may-grow
;; expect-path logs: logs > env.log > host code: may grow memory or call back into any export
;; expect throws: never-grows
;; expect checks_undefined: never-grows
;; expect reexported_host: may-grow
;; expect reexported_inert: never-grows
;; expect gets_string: may-grow
;; expect-path gets_string: gets_string > ./pkg_bg.js.__wbg___wbindgen_string_get_a2a31e16edf96e42 > __wbindgen_malloc (called back by the import's JS glue) > memory.grow
;; expect casts: may-grow
;; expect js_sys_call: may-grow
;; expect intrinsic_name_from_other_module: may-grow
;; expect __wbindgen_malloc: may-grow
;; expect __wbindgen_free: never-grows
(module
  (import "env" "log" (func $log (param i32)))
  (import "./pkg_bg.js" "__wbg___wbindgen_throw_dd24417ed36fc46e" (func $throw (param i32 i32)))
  (import "./pkg_bg.js" "__wbg___wbindgen_is_undefined_9e4d92534c42d778" (func $is_undefined (param externref) (result i32)))
  (import "./pkg_bg.js" "__wbg___wbindgen_string_get_a2a31e16edf96e42" (func $string_get (param i32 externref)))
  (import "./pkg_bg.js" "__wbindgen_cast_2241b6af4c4b2941" (func $cast (param i32 i32) (result externref)))
  (import "./pkg_bg.js" "__wbg_call_672a4d21634d4a24" (func $js_call (param externref externref) (result externref)))
  (import "env" "__wbindgen_throw" (func $fake_throw (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "logs") (call $log (i32.const 1)))
  (func (export "throws") (call $throw (i32.const 0) (i32.const 0)))
  (func (export "checks_undefined") (param externref) (result i32)
    (call $is_undefined (local.get 0)))
  (export "reexported_host" (func $log))
  (export "reexported_inert" (func $throw))
  (func (export "gets_string") (param externref)
    (call $string_get (i32.const 0) (local.get 0)))
  (func (export "casts") (result externref)
    (call $cast (i32.const 0) (i32.const 0)))
  (func (export "js_sys_call") (param externref) (result externref)
    (call $js_call (local.get 0) (ref.null extern)))
  (func (export "intrinsic_name_from_other_module")
    (call $fake_throw (i32.const 0) (i32.const 0)))
  ;; The glue's allocator exports: the JS of glue-only intrinsics calls them.
  (func (export "__wbindgen_malloc") (param i32 i32) (result i32)
    (drop (memory.grow (i32.const 1)))
    (i32.const 0))
  (func (export "__wbindgen_free") (param i32 i32 i32)))
