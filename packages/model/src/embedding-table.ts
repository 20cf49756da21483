/**
 * The embedding table lives in plain Float32Arrays instead of a tfjs variable: a batch touches a few
 * thousand of its rows, and both the lookup and the optimiser update then cost only those rows.
 * (A tfjs Embedding layer computes a dense gradient and a dense Adam step over the whole table,
 * which was most of the step time here, and its gradient kernel is missing on the wasm backend.)
 */
export class EmbeddingTable {
  constructor(
    readonly rows: number,
    readonly dim: number,
    readonly weights: Float32Array = new Float32Array(rows * dim),
  ) {
    if (weights.length !== rows * dim) {
      throw new RangeError(`embedding weights hold ${weights.length} floats, expected ${rows} x ${dim}`);
    }
  }

  /** out[outOffset..+dim] += weight * row */
  addRowTo(row: number, weight: number, out: Float32Array, outOffset: number): void {
    const w = this.weights;
    const base = row * this.dim;
    for (let d = 0; d < this.dim; d++) out[outOffset + d]! += weight * w[base + d]!;
  }

  copy(): EmbeddingTable {
    return new EmbeddingTable(this.rows, this.dim, this.weights.slice());
  }
}

/**
 * Adam that updates only the rows with a gradient in this step ("lazy" Adam, as in TensorFlow's
 * LazyAdamOptimizer): rows a batch does not touch keep their moments unchanged.
 */
export class LazyAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private step = 0;

  constructor(
    private readonly table: EmbeddingTable,
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    this.m = new Float32Array(table.weights.length);
    this.v = new Float32Array(table.weights.length);
  }

  /** Applies one step; `gradients` holds `rows.length` rows of `dim` floats, in the order of `rows`. */
  apply(rows: ArrayLike<number>, gradients: Float32Array): void {
    this.step++;
    const { dim, weights } = this.table;
    const { m, v, beta1, beta2, epsilon } = this;
    const rate = (this.learningRate * Math.sqrt(1 - beta2 ** this.step)) / (1 - beta1 ** this.step);
    for (let r = 0; r < rows.length; r++) {
      const base = rows[r]! * dim;
      const gradBase = r * dim;
      for (let d = 0; d < dim; d++) {
        const i = base + d;
        const g = gradients[gradBase + d]!;
        const mi = (m[i] = beta1 * m[i]! + (1 - beta1) * g);
        const vi = (v[i] = beta2 * v[i]! + (1 - beta2) * g * g);
        weights[i]! -= (rate * mi) / (Math.sqrt(vi) + epsilon);
      }
    }
  }
}
