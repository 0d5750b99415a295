;; memory.grow in the exported function itself.
;; expect grow: may-grow
;; expect-path grow: grow > memory.grow
;; expect grow_zero: may-grow
;; expect add: never-grows
;; expect size: never-grows
;; expect store: never-grows
(module
  (memory (export "memory") 1)
  (func (export "grow") (result i32)
    (memory.grow (i32.const 1)))
  ;; memory.grow(0) still detaches the buffer: it counts as growth.
  (func (export "grow_zero") (result i32)
    (memory.grow (i32.const 0)))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "size") (result i32)
    (memory.size))
  (func (export "store") (param i32)
    (i32.store (i32.const 0) (local.get 0))
    (memory.fill (i32.const 8) (i32.const 0) (i32.const 8))))
