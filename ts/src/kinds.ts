// Element kinds: the TypeScript side of crate/src/kind.rs (the list itself is generated from it).
import { KINDS, KIND_ARRAYS, KIND_BYTES } from './abi.gen.js';
import { mustBe } from './errors.js';

/**
 * An element kind: the type of the numbers in a buffer. The kind code the
 * core uses is the index in this list (generated from the Rust source).
 */
export type Kind = (typeof KINDS)[number];

// Float16Array where the consumer's TypeScript lib declares it, `never` otherwise,
// so these declarations compile with or without `lib: ["ESNext.Float16"]`.
type Float16ArrayIfDeclared = typeof globalThis extends { Float16Array: { prototype: infer A } }
  ? A
  : never;

/**
 * The JavaScript array type of each kind.
 *
 * `f16` is `Float16Array | Uint16Array`: engines without `Float16Array`
 * (Node 20, Safari before 18.2) get a `Uint16Array` of the raw IEEE 754
 * half-precision bits. `Float16Array` appears in the union only when your
 * TypeScript `lib` declares it (`ESNext.Float16` / `ES2025`).
 */
export interface KindArrayMap {
  i8: Int8Array;
  u8: Uint8Array;
  u8c: Uint8ClampedArray;
  i16: Int16Array;
  u16: Uint16Array;
  i32: Int32Array;
  u32: Uint32Array;
  f16: Float16ArrayIfDeclared | Uint16Array;
  f32: Float32Array;
  f64: Float64Array;
  i64: BigInt64Array;
  u64: BigUint64Array;
}

/** The view type of kind `K`: `ViewOf<'f32'>` is `Float32Array`, `ViewOf<'i64'>` is `BigInt64Array`. */
export type ViewOf<K extends Kind> = KindArrayMap[K];

/** Any view this library returns. */
export type TypedArray = KindArrayMap[Kind];

/** The element type of kind `K`: `bigint` for `i64`/`u64`, `number` otherwise. */
export type ElementOf<K extends Kind> = K extends 'i64' | 'u64' ? bigint : number;

/** Anything `copyIn` accepts for kind `K`: a plain array or a typed array of matching elements. */
export type SourceOf<K extends Kind> = ArrayLike<ElementOf<K>>;

/** @internal */
export type ArrayConstructorLike = new (
  buffer: ArrayBufferLike,
  byteOffset: number,
  length: number,
) => TypedArray;

/** All kinds, in kind-code order. */
export const kinds: readonly Kind[] = KINDS;

/** @internal Validated kind code; TypeError naming the bad value otherwise. */
export function checkKind(kind: unknown): number {
  const code = (KINDS as readonly unknown[]).indexOf(kind); // strict equality: only the names
  return code < 0 ? mustBe('kind', `one of ${KINDS.join(', ')}`, kind) : code;
}

/** Bytes per element of `kind`. Throws TypeError for an unknown kind. */
export function bytesPerElement(kind: Kind): number {
  return KIND_BYTES[checkKind(kind)];
}

/** @internal Kind name of a code read from the table, or `kind code N`. */
export function kindName(code: number): string {
  return KINDS[code] ?? `kind code ${code}`;
}

/**
 * The array constructors of the kind codes the engine has, read at import (arrayConstructor
 * looks here first). A lookup by name on every view cost the one-shot `heap.getView` 3-6% in
 * Firefox 153 (four runs); in V8, which folds that lookup to a constant, this is 0-4% slower.
 */
const constructors = KIND_ARRAYS.map(
  (name) => (globalThis as unknown as Record<string, ArrayConstructorLike | undefined>)[name],
);

/**
 * @internal The array constructor of a kind code: the engine's, as read at import; for a type
 * the engine lacked then, the global read at call time, so a Float16Array polyfill installed
 * after import is used; without one, f16 buffers are Uint16Arrays of the raw bits. (Where the
 * engine has Float16Array, the one read at import is kept.)
 * @throws {TypeError} for a code that is no kind (a corrupt descriptor) or an
 *   array type the engine lacks.
 */
export const arrayConstructor = (code: number): ArrayConstructorLike =>
  constructors[code] ?? lookUp(code);

/** A global array type by name, at call time (see arrayConstructor). */
function lookUp(code: number): ArrayConstructorLike {
  const ctor =
    (globalThis as Record<string, unknown>)[KIND_ARRAYS[code]] ??
    (kindName(code) === 'f16' && Uint16Array);
  if (!ctor) throw new TypeError(`no array type for ${kindName(code)} here`);
  return ctor as ArrayConstructorLike;
}
