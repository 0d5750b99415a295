;; The start function runs at instantiation: it is reported as "(start)".
;; expect (start): may-grow
;; expect-path (start): (start) > init > memory.grow
;; expect get: never-grows
(module
  (memory (export "memory") 1)
  (global $ready (mut i32) (i32.const 0))
  (func $init
    (drop (memory.grow (i32.const 1)))
    (global.set $ready (i32.const 1)))
  (start $init)
  (func (export "get") (result i32) (global.get $ready)))
