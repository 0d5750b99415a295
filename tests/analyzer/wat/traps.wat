;; Growth on paths that can only end in a trap or a thrown exception (a
;; Rust panic with panic=abort allocates its message, then traps;
;; throw_str throws past Rust frames) counts by default; with
;; `--ignore-aborts` only growth after which the call can return normally
;; counts. This module has no exception handler (see exceptions.wat). Code
;; after a call that never returns never runs, in either mode.
;; expect grow_then_trap: may-grow
;; expect-ignore-aborts grow_then_trap: never-grows
;; expect panics: may-grow
;; expect-path panics: panics > panic > alloc > memory.grow
;; expect-ignore-aborts panics: never-grows
;; expect panics_unless_zero: may-grow
;; expect-path panics_unless_zero: panics_unless_zero > alloc > memory.grow
;; expect grow_then_js_throw: may-grow
;; expect-path grow_then_js_throw: grow_then_js_throw > alloc > memory.grow
;; expect-ignore-aborts grow_then_js_throw: never-grows
;; expect grow_then_wasm_throw: may-grow
;; expect-ignore-aborts grow_then_wasm_throw: never-grows
;; expect grow_then_loop_forever: may-grow
;; expect-ignore-aborts grow_then_loop_forever: never-grows
;; expect dead_grow: never-grows
;; expect grow_after_panic: may-grow
;; expect-path grow_after_panic: grow_after_panic > panic > alloc > memory.grow
;; expect-ignore-aborts grow_after_panic: never-grows
;; expect grow_after_spin: never-grows
;; expect grow_then_call_nothing: may-grow
;; expect-ignore-aborts grow_then_call_nothing: never-grows
;; expect grow_then_branch_out: may-grow
;; expect alloc: may-grow
(module
  (type $v (func))
  (type $i (func (result i32)))
  (import "./pkg_bg.js" "__wbg___wbindgen_throw_dd24417ed36fc46e" (func $js_throw (param i32 i32)))
  (tag $e)
  (memory (export "memory") 1)
  (table $t 1 funcref)
  (elem (table $t) (i32.const 0) func $pure)
  (func $pure (type $v))
  (func $alloc (export "alloc") (result i32) (memory.grow (i32.const 1)))
  ;; The panic machinery: allocates, returns to the handler, which traps.
  (func $panic
    (drop (call $alloc))
    (unreachable))
  (func (export "grow_then_trap")
    (drop (memory.grow (i32.const 1)))
    (unreachable))
  (func (export "panics")
    (call $panic))
  (func (export "panics_unless_zero") (param i32)
    (drop (call $alloc))
    (if (local.get 0) (then (call $panic))))
  ;; wasm-bindgen's throw intrinsic never returns: its JS exception goes
  ;; to the caller past these frames.
  (func (export "grow_then_js_throw")
    (drop (call $alloc))
    (call $js_throw (i32.const 0) (i32.const 0))
    (unreachable))
  (func (export "grow_then_wasm_throw")
    (drop (call $alloc))
    (throw $e))
  (func (export "grow_then_loop_forever")
    (drop (call $alloc))
    (loop $forever (br $forever)))
  (func (export "dead_grow")
    (unreachable)
    (drop (memory.grow (i32.const 1))))
  ;; $panic never returns: the growth after it never runs (but the panic's
  ;; own allocation does).
  (func (export "grow_after_panic")
    (call $panic)
    (drop (memory.grow (i32.const 1))))
  (func $spin (loop $forever (br $forever)))
  (func (export "grow_after_spin")
    (call $spin)
    (drop (memory.grow (i32.const 1))))
  ;; No function of type $i is in the table: the call always traps.
  (func (export "grow_then_call_nothing") (result i32)
    (drop (call $alloc))
    (call_indirect $t (type $i) (i32.const 0)))
  (func (export "grow_then_branch_out")
    (block $out
      (drop (call $alloc))
      (br $out)
      (unreachable))))
