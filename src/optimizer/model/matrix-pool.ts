/**
 * Memory for travel matrices, reused. A live plan compiles its depot's problem at every event, and each compile
 * writes two new matrices of about 8 MB (a thousand nodes squared, in doubles): fresh memory that the system maps and
 * zeroes page by page at first touch, which cost as much as filling the matrices. A matrix whose model is gone gives
 * its memory back here (the garbage collector says when), and the next compile of a like size writes over it.
 * Whoever takes a matrix writes every one of its cells.
 */

/** Buffers kept at most: two matrices for each of a few depots' live plans. */
const KEPT = 8;
/** A buffer is reused for a matrix of at least this share of its size, so a small problem does not hold a big buffer. */
const FIT = 0.6;
/** Room made for growth: a depot's problem grows by a few nodes an event. */
const HEADROOM = 1.15;

/** Buffers given back, for matrices to be taken from. */
export class BufferPool {
  private free: ArrayBuffer[] = [];

  /** The smallest kept buffer that fits `bytes` closely enough, taken out of the pool; undefined when none does. */
  take(bytes: number): ArrayBuffer | undefined {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const size = this.free[i]!.byteLength;
      if (size >= bytes && size * FIT <= bytes && (best < 0 || size < this.free[best]!.byteLength)) best = i;
    }
    return best < 0 ? undefined : this.free.splice(best, 1)[0];
  }

  /** Keeps a buffer nothing uses any more; the oldest one goes when the pool is full. */
  give(buffer: ArrayBuffer): void {
    this.free.push(buffer);
    if (this.free.length > KEPT) this.free.shift();
  }

  get size(): number {
    return this.free.length;
  }
}

/** The pool every travel matrix is taken from and given back to. */
export const matrixPool = new BufferPool();
const pool = matrixPool;
const gone = new FinalizationRegistry<ArrayBuffer>((buffer) => pool.give(buffer));

/**
 * An n×n matrix of doubles, on reused memory when the pool has some: its cells hold whatever was there before, and
 * the caller writes every one. Its memory goes back to the pool once the matrix is garbage.
 */
export function squareMatrix(n: number): Float64Array {
  const bytes = n * n * Float64Array.BYTES_PER_ELEMENT;
  const buffer = pool.take(bytes) ?? new ArrayBuffer(Math.ceil((n * HEADROOM) ** 2) * Float64Array.BYTES_PER_ELEMENT);
  const matrix = new Float64Array(buffer, 0, n * n);
  gone.register(matrix, buffer);
  return matrix;
}
