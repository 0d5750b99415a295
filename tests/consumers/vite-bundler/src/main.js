// A Vite app: the fixture crate as wasm-pack's default target (`bundler`: the glue
// imports its .wasm as a module, which vite-plugin-wasm handles), and `bind` from
// `wasm-views/bind`, the entry that brings no wasm of the package's own.
import * as fixture from '@fixture';
import { bind } from 'wasm-views/bind';
// A feature entry, imported for its side effect only: the build must keep it
// (npm/package.json `sideEffects`), and the page checks that it works.
import 'wasm-views/inspect';
import { runChecks } from '@checks';

runChecks('Vite + --target bundler', bind, fixture, ['inspect']);
