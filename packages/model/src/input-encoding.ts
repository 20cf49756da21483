import { featurize, tokenize, type FeaturizerConfig } from '@chatbot/nlp';
import type { ColumnRange, EmbeddingTable } from './embedding-table';

/**
 * How a text becomes the model's input:
 * - `bag`: the mean of the embedding rows of its hashed word and character n-grams (one slot);
 * - `sequence`: the embedding rows of its hashed words in order, left-padded to `maxLength` slots,
 *   so that a recurrent layer ends on the last real word.
 */
export interface InputSpec {
  kind: 'bag' | 'sequence';
  featurizer: FeaturizerConfig;
  maxLength: number;
}

export function slotCount(spec: InputSpec): number {
  return spec.kind === 'bag' ? 1 : spec.maxLength;
}

/** Per-example input shape of the network head (without the batch dimension). */
export function headInputShape(spec: InputSpec, dim: number): number[] {
  return spec.kind === 'bag' ? [dim] : [spec.maxLength, dim];
}

/** The embedding rows of a text; empty when it has no word-like tokens. */
export function encodeText(text: string, spec: InputSpec): Int32Array {
  if (spec.kind === 'bag') return featurize(text, spec.featurizer);
  const rows: number[] = [];
  // featurize with word unigrams only turns one token into its one hashed id.
  for (const token of tokenize(text)) {
    const id = featurize(token, spec.featurizer)[0];
    if (id !== undefined) rows.push(id);
  }
  return Int32Array.from(rows.slice(-spec.maxLength));
}

/**
 * Where the rows of a text go: a bag adds all of them, weighted 1/n, into slot 0; a sequence puts row i
 * into slot firstSlot + i, left-padded. `slotStride` is how far the next row's slot is (0 for a bag).
 */
function placement(rowCount: number, spec: InputSpec): { firstSlot: number; slotStride: number; weight: number } {
  return spec.kind === 'bag' ? { firstSlot: 0, slotStride: 0, weight: 1 / rowCount } : { firstSlot: spec.maxLength - rowCount, slotStride: 1, weight: 1 };
}

/** The head's input for a batch: [batch, slots, dim] floats (a text without rows stays all zero). */
export function gatherInputs(table: EmbeddingTable, batch: readonly Int32Array[], spec: InputSpec): Float32Array {
  const out = new Float32Array(batch.length * slotCount(spec) * table.dim);
  addInputs(out, table, batch, spec, table.allColumns);
  return out;
}

/** gatherInputs for some columns only, added into `out` (ensemble members each fill their own columns). */
export function addInputs(out: Float32Array, table: EmbeddingTable, batch: readonly Int32Array[], spec: InputSpec, columns: ColumnRange): void {
  const slots = slotCount(spec);
  for (let example = 0; example < batch.length; example++) {
    const rows = batch[example]!;
    if (spec.kind === 'bag') {
      if (rows.length > 0) table.addWeightedSumTo(rows, 1 / rows.length, out, example * table.dim, columns);
      continue;
    }
    const { firstSlot, slotStride, weight } = placement(rows.length, spec);
    for (let i = 0; i < rows.length; i++) {
      table.addRowTo(rows[i]!, weight, out, (example * slots + firstSlot + i * slotStride) * table.dim, columns);
    }
  }
}

/**
 * The gradient of the embedding rows a batch touched, from the gradient of the head's input: the
 * transpose of addInputs. `gradients` holds `columns.count` floats per touched row (default: all `dim`).
 */
export function scatterGradients(
  batch: readonly Int32Array[],
  spec: InputSpec,
  dim: number,
  inputGradient: Float32Array,
  columns: ColumnRange = { from: 0, count: dim },
): { rows: Int32Array; gradients: Float32Array } {
  const slots = slotCount(spec);
  const { from, count } = columns;
  const touched: number[] = [];
  for (const rows of batch) {
    for (const row of rows) {
      if (row >= slotOfRow.length) growSlotOfRow(row + 1);
      if (slotOfRow[row]! < 0) slotOfRow[row] = touched.push(row) - 1;
    }
  }
  const gradients = new Float32Array(touched.length * count);
  for (let example = 0; example < batch.length; example++) {
    const rows = batch[example]!;
    const { firstSlot, slotStride, weight } = placement(rows.length, spec);
    for (let i = 0; i < rows.length; i++) {
      const target = slotOfRow[rows[i]!]! * count;
      const source = (example * slots + firstSlot + i * slotStride) * dim + from;
      for (let d = 0; d < count; d++) gradients[target + d]! += weight * inputGradient[source + d]!;
    }
  }
  for (const row of touched) slotOfRow[row] = -1;
  return { rows: Int32Array.from(touched), gradients };
}

// Where each table row sits among the rows of the batch being scattered (-1: not in it). One array
// serves every call, reset after use: a Map lookup per row and example was most of scatterGradients' time.
let slotOfRow = new Int32Array(0);

function growSlotOfRow(length: number): void {
  const grown = new Int32Array(Math.max(length, slotOfRow.length * 2)).fill(-1);
  grown.set(slotOfRow);
  slotOfRow = grown;
}
