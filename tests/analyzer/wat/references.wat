;; Calls through function references, multiple memories, and a table whose
;; initializer names a function.
;; expect via_call_ref: may-grow
;; expect-path via_call_ref: via_call_ref > call_ref to a function reference
;; expect grows_second_memory: may-grow
;; expect-path grows_second_memory: grows_second_memory > memory.grow (memory 1)
;; expect via_table_initializer: may-grow
;; expect via_table_initializer_other_type: never-grows
(module
  (type $t (func (result i32)))
  (type $v (func))
  (memory $m0 (export "memory") 1)
  (memory $m1 1)
  (table $filled 4 (ref null $t) (ref.func $grow))
  (elem declare func $grow $pure)
  (func $grow (type $t) (memory.grow (i32.const 1)))
  (func $pure (type $t) (i32.const 0))
  (func (export "via_call_ref") (result i32)
    (call_ref $t (ref.func $pure)))
  (func (export "grows_second_memory") (result i32)
    (memory.grow $m1 (i32.const 1)))
  (func (export "via_table_initializer") (result i32)
    (call_indirect $filled (type $t) (i32.const 0)))
  (func (export "via_table_initializer_other_type")
    (call_indirect $filled (type $v) (i32.const 0))))
