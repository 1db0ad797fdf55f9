/** A cosine HNSW index (hnswlib-node) that grows as points are added and reads and writes whole files. */
import hnswlib from 'hnswlib-node';

type Hnsw = InstanceType<typeof hnswlib.HierarchicalNSW>;

// Graph parameters: M 16 and efConstruction 100 keep recall near 1 at 10^4–10^5 points and a build of seconds.
const M = 16;
const EF_CONSTRUCTION = 100;
// Fixed, so the same points added in the same order give the same graph (and the same answers) every time.
const RANDOM_SEED = 42;
const MIN_EF_SEARCH = 256;
const MIN_CAPACITY = 64;

export interface Neighbour {
  label: number;
  /** Cosine similarity (1 − hnswlib's cosine distance). */
  score: number;
}

/** An HNSW index of `dims`-dimensional points in cosine space, labelled by non-negative integers. */
export class VectorIndex {
  private constructor(private readonly hnsw: Hnsw, readonly dims: number) {}

  /** An empty index with room for `capacity` points (it grows past that on its own). */
  static create(dims: number, capacity = MIN_CAPACITY): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dims);
    hnsw.initIndex({ maxElements: Math.max(MIN_CAPACITY, capacity), m: M, efConstruction: EF_CONSTRUCTION, randomSeed: RANDOM_SEED });
    return new VectorIndex(hnsw, dims);
  }

  /** The index written at `file`; throws when the file is missing, unreadable or of another size of vector. */
  static read(file: string, dims: number): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dims);
    hnsw.readIndexSync(file);
    if (hnsw.getNumDimensions() !== dims) throw new Error(`${file}: index has ${hnsw.getNumDimensions()} dimensions, expected ${dims}`);
    return new VectorIndex(hnsw, dims);
  }

  get count(): number {
    return this.hnsw.getCurrentCount();
  }

  /** Adds points; the capacity doubles when full, so adding one at a time stays amortised O(1) in resizes. */
  addAll(points: readonly { label: number; vector: ArrayLike<number> }[]): void {
    const needed = this.count + points.length;
    if (needed > this.hnsw.getMaxElements()) this.hnsw.resizeIndex(Math.max(needed, this.hnsw.getMaxElements() * 2));
    for (const { label, vector } of points) {
      if (vector.length !== this.dims) throw new Error(`vector for label ${label} has ${vector.length} dimensions, expected ${this.dims}`);
      // hnswlib-node accepts plain arrays only.
      this.hnsw.addPoint(Array.from(vector), label);
    }
  }

  /** The `k` nearest points passing `filter`, best first. */
  search(vector: ArrayLike<number>, k: number, filter?: (label: number) => boolean): Neighbour[] {
    const n = Math.min(k, this.count);
    if (n === 0) return [];
    this.hnsw.setEf(Math.max(MIN_EF_SEARCH, n));
    const { distances, neighbors } = this.hnsw.searchKnn(Array.from(vector), n, filter);
    return neighbors.map((label, i) => ({ label, score: 1 - (distances[i] ?? 1) }));
  }

  /** Writes the whole index to `file`. */
  write(file: string): void {
    this.hnsw.writeIndexSync(file);
  }
}
