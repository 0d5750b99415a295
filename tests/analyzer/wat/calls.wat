;; Growth reached through the call graph.
;; expect outer: may-grow
;; expect-path outer: outer > middle > grower > memory.grow
;; expect tail: may-grow
;; expect-path tail: tail > grower > memory.grow
;; expect guarded: may-grow
;; expect safe: never-grows
;; expect unused_grower_is_not_called: never-grows
(module
  (memory (export "memory") 1)
  (func $grower
    (drop (memory.grow (i32.const 1))))
  (func $middle
    (call $grower))
  (func (export "outer")
    (call $middle))
  (func (export "tail")
    (return_call $grower))
  ;; Only grows when its argument is non-zero: still "may grow".
  (func (export "guarded") (param i32)
    (if (local.get 0) (then (call $grower))))
  (func $leaf (result i32) (i32.const 7))
  (func (export "safe") (result i32)
    (i32.mul (call $leaf) (call $leaf)))
  ;; A function that grows but that no export reaches.
  (func $dead (drop (memory.grow (i32.const 1))))
  (func (export "unused_grower_is_not_called")))
