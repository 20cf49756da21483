/** The columns of the table one ensemble member owns (all of them for a single model). */
export interface ColumnRange {
  from: number;
  count: number;
}

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

  /** out[outOffset + d] += weight * row[d] for the columns d in [columns.from, columns.from + columns.count). */
  addRowTo(row: number, weight: number, out: Float32Array, outOffset: number, columns: ColumnRange = this.allColumns): void {
    const w = this.weights;
    const shift = row * this.dim - outOffset;
    const end = outOffset + columns.from + columns.count;
    for (let i = outOffset + columns.from; i < end; i++) out[i]! += weight * w[shift + i]!;
  }

  /**
   * out[outOffset + d] += weight * (sum of the given rows' d-th values), for the columns d in the range.
   * Four columns at a time are summed over all rows in local variables and stored once: adding row by row
   * into `out` (a load and a store per value) made a bag of ~120 rows about twice as slow.
   */
  addWeightedSumTo(rows: Int32Array, weight: number, out: Float32Array, outOffset: number, columns: ColumnRange = this.allColumns): void {
    const { weights: w, dim } = this;
    const end = columns.from + columns.count;
    let d = columns.from;
    for (; d + 4 <= end; d += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let r = 0; r < rows.length; r++) {
        const at = rows[r]! * dim + d;
        s0 += w[at]!;
        s1 += w[at + 1]!;
        s2 += w[at + 2]!;
        s3 += w[at + 3]!;
      }
      out[outOffset + d]! += weight * s0;
      out[outOffset + d + 1]! += weight * s1;
      out[outOffset + d + 2]! += weight * s2;
      out[outOffset + d + 3]! += weight * s3;
    }
    for (; d < end; d++) {
      let sum = 0;
      for (let r = 0; r < rows.length; r++) sum += w[rows[r]! * dim + d]!;
      out[outOffset + d]! += weight * sum;
    }
  }

  get allColumns(): ColumnRange {
    return { from: 0, count: this.dim };
  }

  copy(): EmbeddingTable {
    return new EmbeddingTable(this.rows, this.dim, this.weights.slice());
  }
}

/**
 * Adam that updates only the rows with a gradient in this step ("lazy" Adam, as in TensorFlow's
 * LazyAdamOptimizer): rows a batch does not touch keep their moments unchanged. It updates the
 * given columns of those rows, so each ensemble member has an optimiser of its own.
 */
export class LazyAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private step = 0;

  constructor(
    private readonly table: EmbeddingTable,
    private readonly learningRate: number,
    private readonly columns: ColumnRange = table.allColumns,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    this.m = new Float32Array(table.rows * columns.count);
    this.v = new Float32Array(table.rows * columns.count);
  }

  /** Applies one step; `gradients` holds `rows.length` rows of `columns.count` floats, in the order of `rows`. */
  apply(rows: ArrayLike<number>, gradients: Float32Array): void {
    this.step++;
    const { dim, weights } = this.table;
    const { from, count } = this.columns;
    const { m, v, beta1, beta2, epsilon } = this;
    const rate = (this.learningRate * Math.sqrt(1 - beta2 ** this.step)) / (1 - beta1 ** this.step);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const gradBase = r * count;
      const momentBase = row * count;
      const weightBase = row * dim + from;
      for (let d = 0; d < count; d++) {
        const g = gradients[gradBase + d]!;
        const mi = (m[momentBase + d] = beta1 * m[momentBase + d]! + (1 - beta1) * g);
        const vi = (v[momentBase + d] = beta2 * v[momentBase + d]! + (1 - beta2) * g * g);
        weights[weightBase + d]! -= (rate * mi) / (Math.sqrt(vi) + epsilon);
      }
    }
  }
}
