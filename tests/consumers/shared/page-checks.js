// The checks every browser consumer page without a framework runs (webpack-bundler,
// vite-bundler, web-no-bundler, compat): the fixture crate (tests/fixture, built by
// wasm-pack for the page's target) bound with `bind` from `wasm-views/bind`. The page's
// own entry imports those two and passes them in, so this file imports nothing and any
// bundler or none can take it. Results go to `window.__consumer` (an array of
// { name, ok, detail }) for the test driving the page; an exception is reported as a
// failed check, so a test never waits on a page that gave up.

/**
 * Runs the checks on `fixture` (a wasm-bindgen module namespace, already initialised)
 * with `bind`, and publishes them on `window.__consumer`. `label` names the setup;
 * `features` the feature entries the page imported besides `wasm-views/bind` (their
 * methods are checked to work, the others' to name their import).
 */
export function runChecks(label, bind, fixture, features = []) {
  const checks = [];
  const check = (name, ok, detail = '') =>
    checks.push({ name, ok: Boolean(ok), detail: String(detail) });
  try {
    const heap = bind(fixture);
    check(`${label}: bind() on the module namespace`, heap.memory instanceof WebAssembly.Memory);

    // A Rust-owned Vec<u8> (LiveVec) that moves and grows memory.
    const image = new fixture.Canvas(32, 32);
    image.fill(0, 128, 255, 255);
    const pixels = heap.view(image.pixels, 'u8c');
    const before = pixels.getView();
    check(
      `${label}: getView() reads what Rust wrote`,
      before.subarray(0, 4).join() === '0,128,255,255',
      before.subarray(0, 4).join(),
    );
    const bytes = heap.memory.buffer.byteLength;
    image.resize(1024, 1024); // 4 MiB of pixels: they move and memory grows
    check(
      `${label}: Rust grew memory`,
      heap.memory.buffer.byteLength > bytes,
      heap.memory.buffer.byteLength,
    );
    check(`${label}: a view cached across growth is detached`, before.length === 0, before.length);
    const after = pixels.getView();
    check(
      `${label}: getView() follows the moved pixels`,
      after.length === 1024 * 1024 * 4 && after.subarray(0, 4).join() === '0,128,255,255',
      `length ${after.length}, first pixel ${after.subarray(0, 4).join()}`,
    );

    // JS-side growth (memory.grow from JS), then a Rust-owned f32 series.
    const samples = new fixture.Samples();
    const series = heap.view(samples.handle, 'f32');
    for (let i = 0; i < 20; i++) samples.extend(10_000, i);
    heap.memory.grow(1);
    const view = series.getView();
    check(
      `${label}: a LiveVec<f32> after many reallocations`,
      view.length === 200_000 && view[199_999] === 19,
      view.length,
    );
    check(`${label}: wasm-bindgen strings still work`, fixture.shout('views') === 'VIEWS');

    // wasm-views/inspect, when the page imported it (a bundler that dropped the side-effect
    // import fails here); without it, the method names the import to add.
    if (features.includes('inspect')) {
      const info = heap.describe(image.pixels);
      check(
        `${label}: wasm-views/inspect: describe() and stats()`,
        info.owner === 'rust' && info.kind === 'u8c' && heap.stats().liveHandles >= 2,
        JSON.stringify(info),
      );
    } else {
      const message = thrownMessage(() => heap.stats());
      check(
        `${label}: heap.stats() names its import`,
        message === "heap.stats() needs import 'wasm-views/inspect'",
        message,
      );
    }

    image.free();
    const name = thrownName(() => pixels.getView());
    check(
      `${label}: a freed buffer's view throws StaleHandleError`,
      name === 'StaleHandleError',
      name,
    );
    samples.free();
  } catch (error) {
    check(`${label}: no exception`, false, error && error.stack ? error.stack : error);
  }
  return publish(checks);
}

/** The message of the error `fn` throws, or 'no error'. */
function thrownMessage(fn) {
  try {
    fn();
  } catch (error) {
    return error.message;
  }
  return 'no error';
}

/** The name of the error `fn` throws, or 'no error' (tests/browser's pages use it too). */
export function thrownName(fn) {
  try {
    fn();
  } catch (error) {
    return error.name;
  }
  return 'no error';
}

/**
 * Publishes `checks` for the test driving the page (`window.__consumer`) and shows them in
 * the page's `#log`; returns them. Pages with checks of their own (tests/life) use it too.
 */
export function publish(checks) {
  window.__consumer = checks;
  document.getElementById('log').textContent = checks
    .map((c) => `${c.ok ? 'ok' : 'FAIL'} ${c.name} ${c.detail}`)
    .join('\n');
  return checks;
}
