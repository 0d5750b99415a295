;; Mutual recursion: the search must terminate and still find growth behind
;; the cycle.
;; expect even: may-grow
;; expect odd: may-grow
;; expect-path even: even > odd > grow_once > memory.grow
;; expect ping: never-grows
;; expect self: never-grows
(module
  (memory (export "memory") 1)
  (func $grow_once (drop (memory.grow (i32.const 1))))
  (func $even (export "even") (param i32)
    (if (i32.eqz (local.get 0))
      (then (return)))
    (call $odd (i32.sub (local.get 0) (i32.const 1))))
  (func $odd (export "odd") (param i32)
    (if (i32.eqz (local.get 0))
      (then (call $grow_once) (return)))
    (call $even (i32.sub (local.get 0) (i32.const 1))))
  ;; A cycle with nothing that grows.
  (func $ping (export "ping") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (call $pong (i32.sub (local.get 0) (i32.const 1))))))
  (func $pong (param i32) (result i32)
    (call $ping (local.get 0)))
  (func $self (export "self") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 1))
      (else (call $self (i32.sub (local.get 0) (i32.const 1)))))))
