// The text-coding cases the browser-strict shim must get right, run the same way in a
// real browser (tests/testing/text-coding.html records what Chromium and Firefox do) and
// in Node (the shim's behaviour, compared case by case in
// tests/node/testing-text-coding.test.mjs). Plain JavaScript: it runs in both.

const BYTES = [0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68]; // "abcdefgh"

/**
 * The buffers of every case: the kinds a wasm module's memory can have (fixed-length,
 * resizable through `toResizableBuffer()`, shared, growable shared), made directly and,
 * where the engine has the API, from a `WebAssembly.Memory`. A buffer whose
 * constructor the engine lacks is left out (the tests require the core four).
 */
function buffers() {
  const out = [];
  const add = (name, make) => {
    let buffer;
    try {
      buffer = make();
    } catch {
      return;
    }
    if (buffer) out.push({ name, buffer });
  };
  add('ArrayBuffer', () => new ArrayBuffer(8));
  add('resizable ArrayBuffer', () => {
    const b = new ArrayBuffer(8, { maxByteLength: 16 });
    return b.resizable === true ? b : null;
  });
  if (typeof SharedArrayBuffer === 'function') {
    add('SharedArrayBuffer', () => new SharedArrayBuffer(8));
    add('growable SharedArrayBuffer', () => {
      const b = new SharedArrayBuffer(8, { maxByteLength: 16 });
      return b.growable === true ? b : null;
    });
  }
  add('WebAssembly.Memory buffer', () => new WebAssembly.Memory({ initial: 1 }).buffer);
  add('WebAssembly.Memory toResizableBuffer()', () =>
    new WebAssembly.Memory({ initial: 1, maximum: 2 }).toResizableBuffer(),
  );
  if (typeof SharedArrayBuffer === 'function') {
    add(
      'shared WebAssembly.Memory buffer',
      () => new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true }).buffer,
    );
    add('shared WebAssembly.Memory toResizableBuffer()', () =>
      new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true }).toResizableBuffer(),
    );
  }
  for (const { buffer } of out) new Uint8Array(buffer).set(BYTES);
  return out;
}

// What `decode` is handed: views of several shapes (whole, length-tracking or fixed
// length, with an offset, subarray, another element type, DataView) and the buffer itself.
const decodeInputs = [
  ['Uint8Array (whole buffer)', (b) => new Uint8Array(b)],
  ['Uint8Array (fixed length 0..4)', (b) => new Uint8Array(b, 0, 4)],
  ['Uint8Array (offset 2, length 4)', (b) => new Uint8Array(b, 2, 4)],
  ['Uint8Array subarray(1, 5)', (b) => new Uint8Array(b).subarray(1, 5)],
  ['Uint8Array (empty, offset 3)', (b) => new Uint8Array(b, 3, 0)],
  ['Uint16Array (offset 2, length 2)', (b) => new Uint16Array(b, 2, 2)],
  ['DataView (offset 1, length 3)', (b) => new DataView(b, 1, 3)],
  ['the buffer itself', (b) => b],
];

const decodeModes = [
  ['decode', (d, input) => d.decode(input)],
  ['decode {stream: true}', (d, input) => d.decode(input, { stream: true })],
];

// What `encodeInto` writes into: Uint8Arrays only (the IDL type).
const encodeTargets = [
  ['Uint8Array (whole buffer)', (b) => new Uint8Array(b)],
  ['Uint8Array (fixed length 0..4)', (b) => new Uint8Array(b, 0, 4)],
  ['Uint8Array (offset 2, length 4)', (b) => new Uint8Array(b, 2, 4)],
  ['Uint8Array subarray(1, 5)', (b) => new Uint8Array(b).subarray(1, 5)],
];

const summarize = (text) =>
  text.length > 16 ? `${text.length} chars: ${JSON.stringify(text.slice(0, 8))}...` : text;

function outcome(fn) {
  try {
    const value = fn();
    // A whole wasm page decodes to 65536 characters: keep the rows small.
    return { threw: false, value: typeof value === 'string' ? summarize(value) : value };
  } catch (error) {
    return {
      threw: true,
      name: error?.name ?? typeof error,
      // Same realm's constructor? (the shim must throw the engine's own TypeError)
      sameRealm: error instanceof TypeError,
      message: String(error?.message ?? error),
    };
  }
}

/**
 * Runs every case with the `TextDecoder`/`TextEncoder` of this realm and returns one row
 * per case: `{ id, buffer, op, input, threw, value | name, sameRealm, message }`.
 */
export function runTextCases() {
  const rows = [];
  for (const { name: bufferName, buffer } of buffers()) {
    for (const [opName, op] of decodeModes) {
      for (const [inputName, make] of decodeInputs) {
        const input = make(buffer);
        const result = outcome(() => op(new TextDecoder(), input));
        rows.push({ id: `${opName} | ${bufferName} | ${inputName}`, ...result });
      }
    }
    for (const [targetName, make] of encodeTargets) {
      const target = make(buffer);
      const result = outcome(() => {
        const { read, written } = new TextEncoder().encodeInto('xyz', target);
        return { read, written };
      });
      rows.push({ id: `encodeInto | ${bufferName} | ${targetName}`, ...result });
    }
  }
  return rows;
}

/** The buffer kinds every engine in the tests must have made (Node 20 and both browsers). */
export const requiredBuffers = [
  'ArrayBuffer',
  'resizable ArrayBuffer',
  'SharedArrayBuffer',
  'growable SharedArrayBuffer',
  'WebAssembly.Memory buffer',
  'shared WebAssembly.Memory buffer',
];
