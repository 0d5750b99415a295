;; call_indirect through a table that only the element segments fill: the
;; targets are the segment's functions whose signature matches the call.
;; expect call_unary: may-grow
;; expect-path call_unary: call_unary > grow_unary (call_indirect, table 0) > memory.grow
;; expect call_nullary: never-grows
;; expect call_alias_type: may-grow
;; expect call_second_table: never-grows
;; expect call_nullary_in_second_table: may-grow
(module
  (type $unary (func (param i32) (result i32)))
  (type $nullary (func (result i32)))
  ;; The same signature as $unary under another index: call_indirect matches
  ;; signatures structurally, so this must reach $grow_unary too.
  (type $unary_alias (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (table $t 4 funcref)
  (table $u 2 funcref)
  (elem (table $t) (i32.const 0) func $grow_unary $pure_unary $pure_nullary)
  (elem (table $u) (i32.const 0) func $pure_unary $grow_nullary)
  (func $grow_unary (type $unary) (memory.grow (local.get 0)))
  (func $pure_unary (type $unary) (i32.add (local.get 0) (i32.const 1)))
  (func $pure_nullary (type $nullary) (i32.const 42))
  (func $grow_nullary (type $nullary) (memory.grow (i32.const 1)))
  (func (export "call_unary") (param i32) (result i32)
    (call_indirect $t (type $unary) (i32.const 1) (local.get 0)))
  ;; Only $pure_nullary has this signature in table $t.
  (func (export "call_nullary") (param i32) (result i32)
    (call_indirect $t (type $nullary) (local.get 0)))
  (func (export "call_alias_type") (param i32) (result i32)
    (call_indirect $t (type $unary_alias) (i32.const 1) (local.get 0)))
  ;; Table $u holds $pure_unary and $grow_nullary.
  (func (export "call_second_table") (param i32) (result i32)
    (call_indirect $u (type $unary) (i32.const 1) (local.get 0)))
  (func (export "call_nullary_in_second_table") (param i32) (result i32)
    (call_indirect $u (type $nullary) (local.get 0))))
