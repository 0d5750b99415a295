// The code under test: a growable series of samples kept in wasm memory.
import { init, type Heap, type LiveView } from 'wasm-views';

export class Series {
  readonly heap: Heap;
  #data: LiveView<'f32'>;
  #length = 0;

  private constructor(heap: Heap, capacity: number) {
    this.heap = heap;
    this.#data = heap.alloc('f32', capacity);
  }

  static async create(capacity = 16): Promise<Series> {
    return new Series(await init(), capacity);
  }

  get length(): number {
    return this.#length;
  }

  push(x: number): void {
    if (this.#length === this.#data.length) this.#data.resize(this.#data.length * 2); // may move and grow
    this.#data.getView()[this.#length++] = x;
  }

  /** The samples so far (a view: valid until the next push). */
  samples(): Float32Array {
    return this.#data.getView().subarray(0, this.#length);
  }

  mean(): number {
    const view = this.samples();
    let sum = 0;
    for (let i = 0; i < view.length; i++) sum += view[i];
    return sum / view.length;
  }

  free(): void {
    this.#data.free();
  }
}
