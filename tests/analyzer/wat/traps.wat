;; Growth that a caller can observe needs the call to come back (return or
;; throw). Growth that can only be followed by a trap, like a Rust panic
;; with panic=abort (allocate the message, then `unreachable`), is not
;; counted by default; `--strict` counts it.
;; expect grow_then_trap: never-grows
;; expect-strict grow_then_trap: may-grow
;; expect panics: never-grows
;; expect-strict panics: may-grow
;; expect-path-strict panics: panics > panic > alloc > memory.grow
;; expect panics_unless_zero: may-grow
;; expect-path panics_unless_zero: panics_unless_zero > alloc > memory.grow
;; expect grow_then_js_throw: may-grow
;; expect-path grow_then_js_throw: grow_then_js_throw > alloc > memory.grow
;; expect grow_then_wasm_throw_caught: may-grow
;; expect grow_then_loop_forever: never-grows
;; expect-strict grow_then_loop_forever: may-grow
;; expect dead_grow: never-grows
;; expect-strict dead_grow: never-grows
;; expect grow_then_call_nothing: never-grows
;; expect-strict grow_then_call_nothing: may-grow
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
  ;; wasm-bindgen's throw intrinsic never returns, but its JS exception
  ;; reaches the caller: the growth before it is observable.
  (func (export "grow_then_js_throw")
    (drop (call $alloc))
    (call $js_throw (i32.const 0) (i32.const 0))
    (unreachable))
  (func $grow_and_throw
    (drop (call $alloc))
    (throw $e))
  (func (export "grow_then_wasm_throw_caught")
    (block $caught
      (try_table (catch $e $caught)
        (call $grow_and_throw))
      (unreachable)))
  (func (export "grow_then_loop_forever")
    (drop (call $alloc))
    (loop $forever (br $forever)))
  (func (export "dead_grow")
    (unreachable)
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
