// detachAfterCalls(): make every call into a user's wasm-bindgen module detach the module's
// memory afterwards, so a raw view cached across such a call fails in the test at once
// instead of in production, when the call happens to grow memory.
import { callReturned, describe, memoryGetter } from './observe.js';

type Namespace = Record<PropertyKey, unknown>;
type AnyFunction = (...args: unknown[]) => unknown;
type Constructor = new (...args: unknown[]) => unknown;

/** What one detachAfterCalls() did, so undoDetachAfterCalls() can put everything back. */
interface Installation {
  original: Namespace;
  wrapped: Namespace;
  /** The original value of every key of the wrapped namespace. */
  values: Map<PropertyKey, unknown>;
  /** Classes this installation patched in place. */
  classes: Constructor[];
  active: boolean;
}

// Keyed by the original namespace and by the wrapped one: wrapping either again is harmless.
const installations = new WeakMap<object, Installation>();

/** Class -> its original own property descriptors (prototype and static), and how many installations share it. */
interface PatchedClass {
  prototype: Map<PropertyKey, PropertyDescriptor>;
  statics: Map<PropertyKey, PropertyDescriptor>;
  users: number;
}
const patchedClasses = new WeakMap<Constructor, PatchedClass>();

// Exports that are not the user's API: the facade's own (`wasmViews*`: its `debug` option
// covers calls the facade makes), wasm-bindgen's glue internals and init functions (there
// is no memory to detach before init), and the memory itself.
function passedThrough(key: PropertyKey): boolean {
  if (typeof key !== 'string') return false;
  return (
    key.startsWith('wasmViews') ||
    key.startsWith('__') ||
    key === 'default' ||
    key === 'initSync' ||
    key === 'memory'
  );
}

function isClass(value: unknown): value is Constructor {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

/**
 * Wraps `fn` so that, once it returns or throws (and again once a Promise it returns
 * settles), `detach()` runs.
 */
function afterEachCall<F extends AnyFunction>(fn: F, detach: () => void): F {
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    let result: unknown;
    try {
      result = Reflect.apply(fn, this, args);
    } finally {
      detach();
    }
    // wasm-bindgen async exports keep calling into wasm until their Promise settles.
    if (
      result !== null &&
      typeof result === 'object' &&
      typeof (result as Promise<unknown>).then === 'function'
    ) {
      (result as Promise<unknown>).then(detach, detach);
    }
    return result;
  };
  Object.defineProperty(wrapper, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: fn.length, configurable: true });
  return wrapper as F;
}

function wrapDescriptor(
  descriptor: PropertyDescriptor,
  detach: () => void,
): PropertyDescriptor | null {
  const out: PropertyDescriptor = { ...descriptor };
  let changed = false;
  if (typeof descriptor.value === 'function') {
    out.value = afterEachCall(descriptor.value as AnyFunction, detach);
    changed = true;
  }
  if (typeof descriptor.get === 'function') {
    out.get = afterEachCall(descriptor.get as AnyFunction, detach);
    changed = true;
  }
  if (typeof descriptor.set === 'function') {
    out.set = afterEachCall(descriptor.set as AnyFunction, detach);
    changed = true;
  }
  return changed ? out : null;
}

function patchMembers(
  target: object,
  skip: (key: PropertyKey) => boolean,
  detach: () => void,
): Map<PropertyKey, PropertyDescriptor> {
  const saved = new Map<PropertyKey, PropertyDescriptor>();
  for (const key of Reflect.ownKeys(target)) {
    if (skip(key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (!descriptor || !descriptor.configurable) continue;
    const wrapped = wrapDescriptor(descriptor, detach);
    if (!wrapped) continue;
    saved.set(key, descriptor);
    Object.defineProperty(target, key, wrapped);
  }
  return saved;
}

// Members wasm-bindgen's glue uses internally (`__wrap`, `__destroy_into_raw`, `__wbg_ptr`):
// they do not call into wasm, and the glue relies on them being plain.
const internal = (key: PropertyKey) => typeof key === 'string' && key.startsWith('__');

/** Patches a class's methods, accessors and static methods in place (once, however many namespaces share it). */
function patchClass(cls: Constructor, detach: () => void): void {
  const known = patchedClasses.get(cls);
  if (known) {
    known.users++;
    return;
  }
  const prototype = patchMembers(
    cls.prototype as object,
    (key) => key === 'constructor' || internal(key),
    detach,
  );
  const statics = patchMembers(
    cls,
    (key) => key === 'prototype' || key === 'length' || key === 'name' || internal(key),
    detach,
  );
  patchedClasses.set(cls, { prototype, statics, users: 1 });
}

function unpatchClass(cls: Constructor): void {
  const known = patchedClasses.get(cls);
  if (!known || --known.users > 0) return;
  for (const [key, descriptor] of known.prototype)
    Object.defineProperty(cls.prototype, key, descriptor);
  for (const [key, descriptor] of known.statics) Object.defineProperty(cls, key, descriptor);
  patchedClasses.delete(cls);
}

/** A stand-in for `cls` whose `new` detaches afterwards; everything else reaches `cls`. */
function constructingProxy(cls: Constructor, detach: () => void): Constructor {
  return new Proxy(cls, {
    construct(target, args, newTarget) {
      try {
        // For a plain `new`, newTarget is the proxy, whose `prototype` is the class's.
        return Reflect.construct(target, args, newTarget) as object;
      } finally {
        detach();
      }
    },
  });
}

/**
 * Wraps a wasm-bindgen module's namespace so that after every call into the module (its
 * functions, and its classes' constructors, methods, getters, setters and static methods)
 * the module's memory is detached with `memory.grow(0)`. A `Uint8Array` or other raw view
 * that the code under test made before such a call then reads as empty (`length` 0,
 * `undefined` elements) or throws the engine's detached-buffer `TypeError`, in every run,
 * instead of going stale only in the runs where the call happened to grow memory. Views
 * from a LiveView's `getView()` (or `heap.getView()` called after the call) keep working:
 * they revalidate.
 *
 * Works for every wasm-pack target: `nodejs` (`require('./pkg')`), `web` and `bundler`
 * (`import * as mod from './pkg/mod.js'`). ES module namespaces are frozen, so the result
 * is a new object with the same keys: hand it to the code under test in place of the
 * original (`vi.mock` / `jest.mock` / `jest.unstable_mockModule` in a setup file; see
 * the README's recipes). Classes are shared with the original namespace, so their
 * prototypes and static methods are patched in place (every instance, however created,
 * detaches), while `new` detaches only through the returned namespace's class (a Proxy of
 * the original: `instanceof` and static members work on both). Pass the result to
 * `bind()` as well: the facade's exports (`wasmViews*`) are passed through unwrapped, so
 * the heap sees the same module; the facade's own `debug` option detaches after the calls
 * the facade makes.
 *
 * Memory is found through the module's `wasmViewsMemory()` export (every module built with
 * the wasm-views crate has it) or a `memory` export, looked up after each call, so a
 * web-target namespace may be wrapped before its `init()`. Shared and resizable memories
 * never detach; there the wrapper has nothing to flag. Wrapping the same namespace (or the
 * result) again returns the same wrapped namespace. {@link undoDetachAfterCalls} puts
 * everything back.
 *
 * @param namespace what the module's JS glue exports.
 * @returns the wrapped namespace (same keys; the original is left as it was, apart from
 *   its classes' members).
 * @throws {TypeError} if `namespace` is not an object, or has neither a `wasmViewsMemory`
 *   function nor a `memory` that is a `WebAssembly.Memory`.
 */
export function detachAfterCalls<T extends object>(namespace: T): T {
  if ((typeof namespace !== 'object' && typeof namespace !== 'function') || namespace === null) {
    throw new TypeError(
      `detachAfterCalls() needs the namespace of a wasm-bindgen module, got ${describe(namespace)}`,
    );
  }
  const known = installations.get(namespace);
  if (known?.active) return known.wrapped as T;
  const original = namespace as Namespace;
  const getMemory = memoryGetter(original);
  if (!getMemory) {
    throw new TypeError(
      `detachAfterCalls() needs the namespace of a wasm-bindgen module built with the wasm-views crate: one with a wasmViewsMemory() export (every module that depends on the crate has it) or a \`memory\` export that is a WebAssembly.Memory; got ${describe(namespace)}`,
    );
  }
  const install: Installation = {
    original,
    wrapped: {},
    values: new Map(),
    classes: [],
    active: true,
  };
  const detachNow = () => {
    const memory = getMemory();
    if (!memory) return;
    callReturned(memory);
    memory.grow(0);
  };
  // Wrappers kept after undoDetachAfterCalls() stop detaching; patched classes detach until
  // the last installation sharing them is undone.
  const detach = () => {
    if (install.active) detachNow();
  };
  // A plain object, not frozen, so undoDetachAfterCalls() can put the originals back into it.
  const wrapped: Namespace = Object.create(null);
  for (const key of Reflect.ownKeys(original)) {
    const value = original[key];
    install.values.set(key, value);
    let replacement: unknown = value;
    if (!passedThrough(key)) {
      if (isClass(value)) {
        patchClass(value, detachNow);
        install.classes.push(value);
        const proxy = constructingProxy(value, detach);
        replacement = proxy;
      } else if (typeof value === 'function') {
        replacement = afterEachCall(value as AnyFunction, detach);
      }
    }
    Object.defineProperty(wrapped, key, {
      value: replacement,
      enumerable: Object.prototype.propertyIsEnumerable.call(original, key),
      writable: true,
      configurable: true,
    });
  }
  if (Object.prototype.toString.call(original) === '[object Module]') {
    Object.defineProperty(wrapped, Symbol.toStringTag, { value: 'Module' });
  }
  install.wrapped = wrapped;
  installations.set(original, install);
  installations.set(wrapped, install);
  return wrapped as T;
}

/**
 * Undoes {@link detachAfterCalls}: the classes' members get their original property
 * descriptors back (the very same functions), every key of the wrapped namespace holds the
 * original value again (so `wrapped.fn === original.fn`), and wrappers kept elsewhere stop
 * detaching. Calling it again, or for a namespace never wrapped, does nothing.
 *
 * @param namespace the original namespace or the wrapped one.
 * @returns `true` if something was undone.
 */
export function undoDetachAfterCalls(namespace: object): boolean {
  const install = installations.get(namespace);
  if (!install?.active) return false;
  install.active = false;
  for (const cls of install.classes) unpatchClass(cls);
  for (const [key, value] of install.values) {
    Object.defineProperty(install.wrapped, key, { value });
  }
  installations.delete(install.original);
  installations.delete(install.wrapped);
  return true;
}
