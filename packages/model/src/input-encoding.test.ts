import { DEFAULT_FEATURIZER_CONFIG } from '@chatbot/nlp';
import { describe, expect, it } from 'vitest';
import { EmbeddingTable } from './embedding-table';
import { addInputs, encodeText, gatherInputs, scatterGradients, type InputSpec } from './input-encoding';

const bag: InputSpec = { kind: 'bag', featurizer: DEFAULT_FEATURIZER_CONFIG, maxLength: 0 };
const sequence: InputSpec = { kind: 'sequence', featurizer: { ...DEFAULT_FEATURIZER_CONFIG, buckets: 50, wordNgrams: 1, charNgramMax: 0 }, maxLength: 4 };

describe('input encoding', () => {
  it('a bag input is the mean of the rows of the text', () => {
    const table = new EmbeddingTable(4, 2, Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    const inputs = gatherInputs(table, [Int32Array.from([0, 2]), Int32Array.from([])], { ...bag, featurizer: { ...bag.featurizer, buckets: 4 } });
    expect(Array.from(inputs)).toEqual([3, 4, 0, 0]);
  });

  it('a sequence input keeps word order, left-padded, and keeps the last maxLength words', () => {
    const ids = encodeText('one two three four five six', sequence);
    expect(ids).toHaveLength(4);
    expect(Array.from(ids)).toEqual(Array.from(encodeText('three four five six', sequence)));
    const table = new EmbeddingTable(
      50,
      1,
      Float32Array.from({ length: 50 }, (_, i) => i),
    );
    expect(Array.from(gatherInputs(table, [Int32Array.from([7, 9])], sequence))).toEqual([0, 0, 7, 9]);
  });

  it.each([
    ['bag', bag],
    ['sequence', sequence],
  ] as const)('%s: scatterGradients is the transpose of gatherInputs', (_, spec) => {
    // <gather(E), G> = <E, scatter(G)> for any table E and input gradient G.
    const dim = 3;
    const rows = spec.featurizer.buckets;
    const table = new EmbeddingTable(
      rows,
      dim,
      Float32Array.from({ length: rows * dim }, (_, i) => Math.sin(i)),
    );
    const batch = [encodeText('where is my order', spec), encodeText('where where is it', spec), encodeText('', spec)];
    const inputs = gatherInputs(table, batch, spec);
    const inputGradient = Float32Array.from(inputs, (_, i) => Math.cos(i * 0.7));
    const left = inputs.reduce((sum, x, i) => sum + x * inputGradient[i]!, 0);
    const { rows: touched, gradients } = scatterGradients(batch, spec, dim, inputGradient);
    let right = 0;
    touched.forEach((row, r) => {
      for (let d = 0; d < dim; d++) right += table.weights[row * dim + d]! * gradients[r * dim + d]!;
    });
    expect(right).toBeCloseTo(left, 4);
  });

  it('for one ensemble member, fills and differentiates only its columns', () => {
    const dim = 4;
    const columns = { from: 1, count: 2 };
    const rows = bag.featurizer.buckets;
    const table = new EmbeddingTable(
      rows,
      dim,
      Float32Array.from({ length: rows * dim }, (_, i) => Math.sin(i)),
    );
    const batch = [encodeText('where is my order', bag), encodeText('refund', bag)];
    const inputs = new Float32Array(batch.length * dim);
    addInputs(inputs, table, batch, bag, columns);
    const full = gatherInputs(table, batch, bag);
    inputs.forEach((x, i) => expect(x).toBeCloseTo(i % dim >= 1 && i % dim < 3 ? full[i]! : 0, 6));

    const inputGradient = Float32Array.from(inputs, (_, i) => Math.cos(i * 0.7));
    const left = inputs.reduce((sum, x, i) => sum + x * inputGradient[i]!, 0);
    const { rows: touched, gradients } = scatterGradients(batch, bag, dim, inputGradient, columns);
    expect(gradients).toHaveLength(touched.length * columns.count);
    let right = 0;
    touched.forEach((row, r) => {
      for (let d = 0; d < columns.count; d++) right += table.weights[row * dim + columns.from + d]! * gradients[r * columns.count + d]!;
    });
    expect(right).toBeCloseTo(left, 4);
  });
});
