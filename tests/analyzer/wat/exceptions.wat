;; With an exception handler in the module, growth followed by a throw
;; still counts with `--ignore-aborts`: a handler may catch the exception
;; and return normally.
;; expect grow_then_wasm_throw_caught: may-grow
;; expect-path grow_then_wasm_throw_caught: grow_then_wasm_throw_caught > grow_and_throw > alloc > memory.grow
;; expect grow_then_js_throw: may-grow
;; expect grow_then_trap: may-grow
;; expect-ignore-aborts grow_then_trap: never-grows
;; expect alloc: may-grow
(module
  (import "./pkg_bg.js" "__wbg___wbindgen_throw_dd24417ed36fc46e" (func $js_throw (param i32 i32)))
  (tag $e)
  (memory (export "memory") 1)
  (func $alloc (export "alloc") (result i32) (memory.grow (i32.const 1)))
  (func $grow_and_throw
    (drop (call $alloc))
    (throw $e))
  (func (export "grow_then_wasm_throw_caught")
    (block $caught
      (try_table (catch $e $caught)
        (call $grow_and_throw))
      (unreachable)))
  (func (export "grow_then_js_throw")
    (drop (call $alloc))
    (call $js_throw (i32.const 0) (i32.const 0))
    (unreachable))
  (func (export "grow_then_trap")
    (drop (call $alloc))
    (unreachable)))
