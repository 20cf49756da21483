import { describe, expect, it } from 'vitest';
import { EmbeddingTable, LazyAdam } from './embedding-table';

describe('LazyAdam', () => {
  it('applies the Adam update to the touched rows only', () => {
    const table = new EmbeddingTable(3, 2, Float32Array.from([1, 1, 2, 2, 3, 3]));
    const adam = new LazyAdam(table, 0.1);
    adam.apply([2, 0], Float32Array.from([0.5, -2, 4, 0]));
    // First step: m = 0.1 g, v = 0.001 g^2, rate = 0.1 * sqrt(0.001) / 0.1, so each weight moves by
    // 0.1 * sign(g) (up to epsilon), and not at all where g = 0.
    expect(Array.from(table.weights)).toEqual([1 - 0.1, 1, 2, 2, 3 - 0.1, 3 + 0.1].map((x) => expect.closeTo(x, 5)));
  });

  it('keeps the moments of untouched rows between steps', () => {
    const table = new EmbeddingTable(2, 1, Float32Array.from([0, 0]));
    const adam = new LazyAdam(table, 0.1);
    adam.apply([0], Float32Array.from([1]));
    adam.apply([1], Float32Array.from([1]));
    adam.apply([0], Float32Array.from([0]));
    // Row 0's momentum keeps it moving in step 3 even with a zero gradient.
    expect(table.weights[0]).toBeLessThan(-0.1);
    // Row 1's first update happens at global step 2 (bias correction uses the global step, as in
    // TensorFlow's LazyAdam): m = 0.1, v = 0.001, rate = 0.1 * sqrt(1 - 0.999^2) / (1 - 0.9^2).
    const rate = (0.1 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2);
    expect(table.weights[1]).toBeCloseTo(-(rate * 0.1) / Math.sqrt(0.001), 5);
  });
});

describe('LazyAdam on a column range (one ensemble member)', () => {
  it('moves only its own columns of the touched rows', () => {
    const table = new EmbeddingTable(2, 4, new Float32Array(8));
    const adam = new LazyAdam(table, 0.1, { from: 2, count: 2 });
    adam.apply([1], Float32Array.from([1, -1]));
    expect(Array.from(table.weights)).toEqual([0, 0, 0, 0, 0, 0, -0.1, 0.1].map((x) => expect.closeTo(x, 5)));
  });
});

describe('EmbeddingTable', () => {
  it('adds the given columns of a row only', () => {
    const table = new EmbeddingTable(1, 3, Float32Array.from([1, 2, 3]));
    const out = new Float32Array(4);
    table.addRowTo(0, 2, out, 1, { from: 1, count: 2 });
    expect(Array.from(out)).toEqual([0, 0, 4, 6]);
  });

  it('adds the weighted sum of several rows, for column ranges of any width', () => {
    // 3 rows of 6 columns: row r holds 10r + column.
    const table = new EmbeddingTable(
      3,
      6,
      Float32Array.from({ length: 18 }, (_, i) => 10 * Math.floor(i / 6) + (i % 6)),
    );
    const out = new Float32Array(7).fill(1);
    table.addWeightedSumTo(Int32Array.from([0, 2]), 0.5, out, 1, { from: 1, count: 5 });
    // Column c of rows 0 and 2: c + (20 + c), halved, added to the 1 already there; column 0 untouched.
    expect(Array.from(out)).toEqual([1, 1, 1 + 11, 1 + 12, 1 + 13, 1 + 14, 1 + 15]);
  });

  it('refuses weights of the wrong size', () => {
    expect(() => new EmbeddingTable(2, 3, new Float32Array(5))).toThrow(/5 floats, expected 2 x 3/);
  });
});
