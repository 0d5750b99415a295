// Browser-strict text coding: Node's TextDecoder.decode and TextEncoder.encodeInto accept
// views of resizable and shared buffers; Chromium and Firefox throw a TypeError for every
// one of them (recorded case by case by tests/testing/text-coding.html; WHATWG Encoding
// has neither [AllowResizable] nor [AllowShared] there). A Node-only test suite therefore
// never sees a failure that every user of Chromium or Firefox gets.

// The saved originals live on the patched prototype under a registered symbol, not in this
// module: Jest evaluates this module once per test file, and each copy must find them.
const STATE = Symbol.for('wasm-views/testing strict text coding');

type Realm = { TextDecoder: typeof TextDecoder; TextEncoder: typeof TextEncoder };

interface Installed {
  decode: PropertyDescriptor;
  encodeInto: PropertyDescriptor;
  decoderPrototype: object;
  encoderPrototype: object;
}

const stateOf = (prototype: object): Installed | undefined =>
  (prototype as { [STATE]?: Installed })[STATE];

const tag = (value: unknown) => Object.prototype.toString.call(value);

/** The buffer behind a view, or the value itself when it is a buffer; `undefined` otherwise. */
function bufferOf(value: unknown): ArrayBufferLike | undefined {
  if (ArrayBuffer.isView(value)) return value.buffer;
  const t = tag(value);
  if (t === '[object ArrayBuffer]' || t === '[object SharedArrayBuffer]') {
    return value as ArrayBufferLike;
  }
  return undefined;
}

/** Why Chromium and Firefox would refuse `value`, or `null` if they accept it. */
function refusal(value: unknown): string | null {
  const buffer = bufferOf(value);
  if (buffer === undefined) return null;
  const shared = tag(buffer) === '[object SharedArrayBuffer]';
  const flexible = shared
    ? (buffer as { growable?: boolean }).growable === true
    : (buffer as { resizable?: boolean }).resizable === true;
  const what = ArrayBuffer.isView(value) ? 'a view of' : '';
  if (shared) {
    return `${what} a ${flexible ? 'growable ' : ''}SharedArrayBuffer`.trim();
  }
  if (flexible) return `${what} a resizable ArrayBuffer`.trim();
  return null;
}

function message(method: string, what: string, fix: string): string {
  return `${method}: Chromium and Firefox throw a TypeError for ${what} (Node accepts it; WHATWG Encoding has no [AllowResizable]/[AllowShared] here). Thrown by wasm-views/testing's installStrictTextCoding() so that Node tests fail where browsers would. ${fix}`;
}

type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;

/** `original`, refusing (as the browsers do) the buffer in argument `index`. */
function strictly(original: AnyMethod, index: number, method: string, fix: string): AnyMethod {
  const strict = function (this: unknown, ...args: unknown[]): unknown {
    const why = refusal(args[index]);
    if (why) throw new TypeError(message(method, why, fix));
    return Reflect.apply(original, this, args);
  };
  Object.defineProperty(strict, 'name', { value: original.name });
  Object.defineProperty(strict, 'length', { value: original.length });
  return strict;
}

/**
 * Makes `TextDecoder.prototype.decode` and `TextEncoder.prototype.encodeInto` of
 * `realm` (default: `globalThis`) behave as in Chromium and Firefox for the buffers wasm
 * memory can have: they throw a `TypeError` (the type the browsers throw, of the realm the
 * code runs in) whose message names the browser behaviour for a view of a resizable
 * `ArrayBuffer` (e.g. memory after `toResizableBuffer()`), of a `SharedArrayBuffer`
 * (shared memory, growable or not), or such a buffer itself; everything else reaches
 * the original method. Instances made before the call are covered too (wasm-bindgen's glue
 * creates its decoder when it loads), because the prototypes are patched.
 *
 * For a setup file (Vitest or Jest `setupFiles`). Installing twice is harmless.
 *
 * @param realm an object with `TextDecoder` and `TextEncoder` classes.
 * @returns a function that uninstalls (the same as {@link uninstallStrictTextCoding}).
 * @throws {TypeError} if `realm` lacks `TextDecoder` or `TextEncoder`.
 */
export function installStrictTextCoding(realm: Realm = globalThis): () => void {
  const Decoder = realm?.TextDecoder;
  const Encoder = realm?.TextEncoder;
  if (typeof Decoder !== 'function' || typeof Encoder !== 'function') {
    throw new TypeError(
      'installStrictTextCoding() needs an object with TextDecoder and TextEncoder classes (default: globalThis)',
    );
  }
  const uninstall = () => {
    uninstallStrictTextCoding(realm);
  };
  const decoderPrototype = Decoder.prototype as object;
  if (stateOf(decoderPrototype)) return uninstall;
  const decode = Object.getOwnPropertyDescriptor(decoderPrototype, 'decode');
  const encoderPrototype = Encoder.prototype as object;
  const encodeInto = Object.getOwnPropertyDescriptor(encoderPrototype, 'encodeInto');
  if (typeof decode?.value !== 'function' || typeof encodeInto?.value !== 'function') {
    throw new TypeError(
      'installStrictTextCoding(): TextDecoder.prototype.decode or TextEncoder.prototype.encodeInto is not a method here',
    );
  }
  const strictDecode = strictly(
    decode.value as AnyMethod,
    0,
    'TextDecoder.decode',
    'Decode a copy that is a plain ArrayBuffer: decoder.decode(view.slice()).',
  );
  const strictEncodeInto = strictly(
    encodeInto.value as AnyMethod,
    1,
    'TextEncoder.encodeInto',
    'Encode into a Uint8Array over a plain ArrayBuffer and copy it over, or use encoder.encode().',
  );
  Object.defineProperty(decoderPrototype, 'decode', { ...decode, value: strictDecode });
  Object.defineProperty(encoderPrototype, 'encodeInto', {
    ...encodeInto,
    value: strictEncodeInto,
  });
  const state: Installed = { decode, encodeInto, decoderPrototype, encoderPrototype };
  Object.defineProperty(decoderPrototype, STATE, { value: state, configurable: true });
  return uninstall;
}

/**
 * Undoes {@link installStrictTextCoding}: `decode` and `encodeInto` get their original
 * property descriptors back (the very same functions). Does nothing if not installed.
 *
 * @param realm the object given to installStrictTextCoding (default: `globalThis`).
 * @returns `true` if something was uninstalled.
 */
export function uninstallStrictTextCoding(realm: Realm = globalThis): boolean {
  const prototype = realm?.TextDecoder?.prototype as object | undefined;
  const installed = prototype && stateOf(prototype);
  if (!installed) return false;
  delete (prototype as { [STATE]?: Installed })[STATE];
  Object.defineProperty(installed.decoderPrototype, 'decode', installed.decode);
  Object.defineProperty(installed.encoderPrototype, 'encodeInto', installed.encodeInto);
  return true;
}
