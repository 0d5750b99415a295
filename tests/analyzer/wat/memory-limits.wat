;; A memory with an initial size and a maximum (`wasm-views analyze` prints
;; both; tests/node/analyzer-cli.test.mjs checks them against the engine).
;; expect grows: may-grow
;; expect-path grows: grows > memory.grow
(module
  (memory (export "memory") 3 40)
  (func (export "grows") (param i32) (result i32) (memory.grow (local.get 0))))
