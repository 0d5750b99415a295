;; call_indirect through tables whose contents the module does not control:
;; always "may grow", even though every function the segments put there is
;; harmless.
;; expect via_exported: may-grow
;; expect-path via_exported: via_exported > call_indirect through table 1, whose contents are unknown (exported as `table`)
;; expect via_imported: may-grow
;; expect via_table_set: may-grow
;; expect via_table_init: may-grow
;; expect via_closed: never-grows
;; expect set_entry: never-grows
(module
  (type $t (func (result i32)))
  (import "env" "imported_table" (table $imported 1 funcref))
  (memory (export "memory") 1)
  (table $exported (export "table") 1 funcref)
  (table $written 1 funcref)
  (table $initialised 1 funcref)
  (table $closed 1 funcref)
  (elem (table $exported) (i32.const 0) func $pure)
  (elem (table $written) (i32.const 0) func $pure)
  (elem (table $closed) (i32.const 0) func $pure)
  (elem $passive func $pure)
  (func $pure (type $t) (i32.const 1))
  (func (export "via_exported") (result i32)
    (call_indirect $exported (type $t) (i32.const 0)))
  (func (export "via_imported") (result i32)
    (call_indirect $imported (type $t) (i32.const 0)))
  (func (export "via_table_set") (result i32)
    (call_indirect $written (type $t) (i32.const 0)))
  (func (export "via_table_init") (result i32)
    (call_indirect $initialised (type $t) (i32.const 0)))
  (func (export "via_closed") (result i32)
    (call_indirect $closed (type $t) (i32.const 0)))
  ;; Writes $written and $initialised: afterwards they may hold anything a
  ;; funcref value can be (here: whatever the caller passes in).
  (func (export "set_entry") (param funcref)
    (table.set $written (i32.const 0) (local.get 0))
    (table.init $initialised $passive (i32.const 0) (i32.const 0) (i32.const 1))))
