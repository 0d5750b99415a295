// The size report (bench/results/size.json, shown in BENCHMARKS.md):
// - the TypeScript facade alone, minified (esbuild), gzip and brotli: target ≤ 3 KB brotli;
// - the browser entry as published (facade + init + the core's wasm-bindgen glue), minified;
// - the package's wasm core;
// - the bytes the crate adds to a dependent module: the fixture crate (tests/fixture) built as
//   it is, and built against a pass-through stand-in for wasm-views (LiveVec = Vec, handle =
//   address, view = js-sys view), same profile and wasm-opt. Both are built in a generated
//   workspace under build/size/, so the fixture's sources stay untouched.
//
// Needs a built package (node scripts/build.mjs) for the core wasm and the browser entry.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { run, root } from '../scripts/env.mjs';
import { wasmPack } from '../scripts/wasm-pack.mjs';

function measure(bytes) {
  const buffer = Buffer.from(bytes);
  return {
    bytes: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
      },
    }).length,
  };
}

async function minified(entry, external = []) {
  const result = await esbuild.build({
    entryPoints: [join(root, entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    external,
    logLevel: 'warning',
  });
  return result.outputFiles[0].contents;
}

const report = { date: new Date().toISOString() };

const facade = await minified('ts/src/index.ts');
report.facade = { entry: 'ts/src/index.ts', ...measure(facade) };
// How much of it is message text: the same bundle with every string literal emptied.
const literals = /`[^`]*`|"[^"\n]*"|'[^'\n]*'/g;
report.facade.brotliWithoutLiterals = measure(
  Buffer.from(Buffer.from(facade).toString().replace(literals, '""')),
).brotli;
const browserEntry = join(root, 'npm', 'browser.mjs');
if (existsSync(browserEntry)) {
  report.browserEntry = {
    entry: 'npm/browser.mjs',
    ...measure(await minified('npm/browser.mjs', ['node:*'])),
  };
}
const coreWasm = join(root, 'npm', 'wasm_views_bg.wasm');
if (existsSync(coreWasm))
  report.coreWasm = { file: 'npm/wasm_views_bg.wasm', ...measure(readFileSync(coreWasm)) };

// ---------------------------------------------------------------------------------------
// The fixture with and without the crate.

// Everything tests/fixture uses from wasm-views, as the thinnest code that does the same job
// without a descriptor table: what the fixture would look like without the crate.
const STAND_IN = `//! A pass-through stand-in for wasm-views (bench/size.mjs): the fixture's calls, minus the
//! descriptor table. A handle is the data's address.
use js_sys::Float32Array;
use wasm_bindgen::JsValue;

pub type Handle = u32;

#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct U8Clamped(pub u8);

#[derive(Debug, Default)]
pub struct LiveVec<T> {
    vec: Vec<T>,
}

impl<T: Clone> LiveVec<T> {
    pub fn new() -> Self {
        LiveVec { vec: Vec::new() }
    }
    pub fn handle(&self) -> Handle {
        self.vec.as_ptr() as u32
    }
    pub fn resize(&mut self, len: usize, value: T) {
        self.vec.resize(len, value)
    }
    pub fn replace(&mut self, vec: Vec<T>) -> Vec<T> {
        core::mem::replace(&mut self.vec, vec)
    }
    pub fn push(&mut self, value: T) {
        self.vec.push(value)
    }
    pub fn truncate(&mut self, len: usize) {
        self.vec.truncate(len)
    }
    pub fn clear(&mut self) {
        self.vec.clear()
    }
    pub fn shrink_to_fit(&mut self) {
        self.vec.shrink_to_fit()
    }
    pub fn capacity(&self) -> usize {
        self.vec.capacity()
    }
}

impl<T> core::ops::Deref for LiveVec<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.vec
    }
}

impl<T> core::ops::DerefMut for LiveVec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.vec
    }
}

impl<T> Extend<T> for LiveVec<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.vec.extend(iter)
    }
}

/// Without a table there is no length to look up: the stand-in reads it from the word before
/// the data, which keeps the callers' loops in the module.
pub fn borrow<T>(handle: Handle) -> Result<&'static [T], JsValue> {
    // SAFETY: never run; this module is only built to be measured.
    unsafe {
        let len = *((handle as usize - 4) as *const u32) as usize;
        Ok(core::slice::from_raw_parts(handle as usize as *const T, len))
    }
}

pub fn borrow_mut<T>(handle: Handle) -> Result<&'static mut [T], JsValue> {
    // SAFETY: as in borrow.
    unsafe {
        let len = *((handle as usize - 4) as *const u32) as usize;
        Ok(core::slice::from_raw_parts_mut(handle as usize as *mut T, len))
    }
}

pub fn view(data: &LiveVec<f32>) -> Float32Array {
    // SAFETY: what a crate without wasm-views writes (and the hazard wasm-views removes).
    unsafe { Float32Array::view(&data.vec) }
}
`;

// ---------------------------------------------------------------------------------------
// Where a module's code bytes go, by crate: function body sizes from the code section, names
// from the name section (wasm-bindgen keeps it unless asked not to; wasm-opt then strips it,
// so these are bytes before wasm-opt, for proportions only).

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 127) * 2 ** shift;
    shift += 7;
  } while (byte & 128);
  return [value, at];
}

function skipLimits(bytes, p) {
  const flags = bytes[p++];
  [, p] = leb(bytes, p);
  if (flags & 1) [, p] = leb(bytes, p);
  return p;
}

function codeByCrate(bytes) {
  let at = 8;
  let imports = 0;
  const bodies = [];
  const names = new Map();
  while (at < bytes.length) {
    const id = bytes[at++];
    let size;
    [size, at] = leb(bytes, at);
    const end = at + size;
    if (id === 2) {
      // Imported functions come first in the function index space.
      let [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        for (let k = 0; k < 2; k++) {
          let len;
          [len, p] = leb(bytes, p);
          p += len;
        }
        const kind = bytes[p++];
        if (kind === 0) {
          imports++;
          [, p] = leb(bytes, p);
        } else if (kind === 1) p = skipLimits(bytes, p + 1);
        else if (kind === 2) p = skipLimits(bytes, p);
        else p += 2; // global (type, mutability) or tag
      }
    } else if (id === 10) {
      let [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = leb(bytes, p);
        bodies.push(len);
        p += len;
      }
    } else if (id === 0) {
      let [len, p] = leb(bytes, at);
      const section = Buffer.from(bytes.subarray(p, p + len)).toString();
      p += len;
      while (section === 'name' && p < end) {
        const sub = bytes[p++];
        let subSize;
        [subSize, p] = leb(bytes, p);
        if (sub === 1) {
          let [count, q] = leb(bytes, p);
          for (let i = 0; i < count; i++) {
            let index;
            let nameLen;
            [index, q] = leb(bytes, q);
            [nameLen, q] = leb(bytes, q);
            names.set(index, Buffer.from(bytes.subarray(q, q + nameLen)).toString());
            q += nameLen;
          }
        }
        p += subSize;
      }
    }
    at = end;
  }
  const byCrate = {};
  bodies.forEach((size, i) => {
    const crate = crateOf(names.get(imports + i) ?? '');
    byCrate[crate] = (byCrate[crate] ?? 0) + size;
  });
  return byCrate;
}

/** The crate a function belongs to, from its name (wasm-ld writes demangled Rust paths). */
function crateOf(name) {
  if (!name) return 'unnamed';
  if (/^(__wbg|__wbindgen|__externref|wasm_bindgen)|-> Externref|shim$/.test(name))
    return 'wasm_bindgen';
  if (/^wasmViews/.test(name)) return 'wasm_views';
  // Float formatting (`{}` of an f64, `f64::to_string`) is big enough to name on its own.
  if (/core(\[[0-9a-f]+\])?::(num::(flt2dec|bignum|diy_float)|fmt::float)/.test(name)) {
    return 'core: float formatting';
  }
  const path = name
    .replace(/^(<|&|mut |dyn |impl )+/g, '')
    .match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/);
  return path ? path[1] : 'other (C ABI exports, compiler builtins)';
}

function fixtureSizes() {
  const dir = join(root, 'build', 'size');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // A workspace of its own (with the root's profile, pinned dependencies and lock file), so
  // cargo does not take build/size for a member of the repository's workspace.
  const workspace = readFileSync(join(root, 'Cargo.toml'), 'utf8').replace(
    /members\s*=\s*\[[^\]]*\]/,
    'members = ["with", "without", "stand-in"]',
  );
  writeFileSync(join(dir, 'Cargo.toml'), workspace);
  cpSync(join(root, 'Cargo.lock'), join(dir, 'Cargo.lock'));
  const fixtureToml = readFileSync(join(root, 'tests', 'fixture', 'Cargo.toml'), 'utf8');
  const crateDir = join(root, 'crate').replace(/\\/g, '/');
  for (const [name, dep] of [
    ['with', crateDir],
    ['without', '../stand-in'],
  ]) {
    mkdirSync(join(dir, name), { recursive: true });
    cpSync(join(root, 'tests', 'fixture', 'src'), join(dir, name, 'src'), { recursive: true });
    const toml = fixtureToml
      .replace(/^name\s*=\s*"[^"]*"/m, `name = "fixture-${name}"`)
      .replace(/wasm-views\s*=\s*\{\s*path\s*=\s*"[^"]*"/, `wasm-views = { path = "${dep}"`);
    if (!/wasm-views\s*=\s*\{\s*path\s*=/.test(fixtureToml))
      throw new Error(
        'tests/fixture/Cargo.toml has no `wasm-views = { path = ... }` dependency to swap',
      );
    writeFileSync(join(dir, name, 'Cargo.toml'), toml);
  }
  mkdirSync(join(dir, 'stand-in', 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'stand-in', 'Cargo.toml'),
    `[package]\nname = "wasm-views"\nversion = "0.0.0"\npublish = false\nedition.workspace = true\n\n[lib]\nname = "wasm_views"\n\n[dependencies]\nwasm-bindgen.workspace = true\njs-sys.workspace = true\n`,
  );
  writeFileSync(join(dir, 'stand-in', 'src', 'lib.rs'), STAND_IN);

  const sizes = {};
  for (const name of ['with', 'without']) {
    const { wasm } = wasmPack({
      crate: join(dir, name),
      target: 'web',
      outDir: join(dir, 'pkg', name),
      outName: 'fixture',
      env: { CARGO_TARGET_DIR: join(root, 'target', 'size-report') },
    });
    sizes[name] = {
      file: `build/size/pkg/${name}/fixture_bg.wasm`,
      ...measure(readFileSync(wasm)),
    };
    // The same module through wasm-bindgen alone (names kept), for the by-crate breakdown.
    const named = join(dir, 'named', name);
    const raw = join(
      root,
      'target',
      'size-report',
      'wasm32-unknown-unknown',
      'release',
      'fixture.wasm',
    );
    if (
      run('wasm-bindgen', ['--target', 'web', '--out-dir', named, raw], { capture: true })
        .status === 0
    ) {
      sizes[name].codeByCrate = codeByCrate(readFileSync(join(named, 'fixture_bg.wasm')));
    }
  }
  return {
    ...sizes,
    note: "The stand-in keeps the fixture's code and API (a `LiveVec` is a plain `Vec`, a handle its address, the view js-sys's), so the difference is what the crate itself brings: the descriptor table, the `wasmViews*` exports, the view constructor and their serde/js-sys code.",
  };
}

try {
  report.fixture = fixtureSizes();
} catch (error) {
  report.fixture = { error: String(error.message ?? error) };
  console.error(`size: ${report.fixture.error}`);
}

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'size.json'), `${JSON.stringify(report, null, 1)}\n`);
const kb = (n) => `${(n / 1000).toFixed(2)} kB`;
console.log(
  `size: facade ${kb(report.facade.brotli)} brotli (${kb(report.facade.bytes)} minified)` +
    (report.coreWasm ? `; core wasm ${kb(report.coreWasm.bytes)}` : '') +
    (report.fixture.with
      ? `; the crate adds ${kb(report.fixture.with.bytes - report.fixture.without.bytes)} to the fixture`
      : ''),
);
