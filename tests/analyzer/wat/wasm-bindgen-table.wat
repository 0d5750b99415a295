;; wasm-bindgen exports the function table (for closures) under a
;; `__wbindgen_export*` name; its glue only reads it, so by default the
;; table is trusted to hold what the element segments put there. With
;; --strict (Options::strict()) it is not, and the call may grow.
;; expect calls_closure_shim: never-grows
;; expect calls_growing_shim: may-grow
(module
  (type $t (func))
  (type $u (func (param i32)))
  (memory (export "memory") 1)
  (table $functions (export "__wbindgen_export_2") 2 funcref)
  (elem (table $functions) (i32.const 0) func $pure $grows)
  (func $pure (type $t))
  (func $grows (type $u) (drop (memory.grow (local.get 0))))
  (func (export "calls_closure_shim")
    (call_indirect $functions (type $t) (i32.const 0)))
  (func (export "calls_growing_shim")
    (call_indirect $functions (type $u) (i32.const 0) (i32.const 1))))
