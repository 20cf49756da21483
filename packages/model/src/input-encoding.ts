import { featurize, tokenize, type FeaturizerConfig } from '@chatbot/nlp';
import type { EmbeddingTable } from './embedding-table';

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

/** Calls visit(slot, weight) for each row of an encoded text, in order. */
function forEachPlacement(rows: Int32Array, spec: InputSpec, visit: (index: number, slot: number, weight: number) => void): void {
  if (spec.kind === 'bag') {
    const weight = 1 / rows.length;
    for (let i = 0; i < rows.length; i++) visit(i, 0, weight);
  } else {
    const first = spec.maxLength - rows.length;
    for (let i = 0; i < rows.length; i++) visit(i, first + i, 1);
  }
}

/** The head's input for a batch: [batch, slots, dim] floats (a text without rows stays all zero). */
export function gatherInputs(table: EmbeddingTable, batch: readonly Int32Array[], spec: InputSpec): Float32Array {
  const slots = slotCount(spec);
  const out = new Float32Array(batch.length * slots * table.dim);
  batch.forEach((rows, example) => {
    forEachPlacement(rows, spec, (i, slot, weight) => {
      table.addRowTo(rows[i]!, weight, out, (example * slots + slot) * table.dim);
    });
  });
  return out;
}

/**
 * The gradient of the embedding rows a batch touched, from the gradient of the head's input:
 * the transpose of gatherInputs.
 */
export function scatterGradients(
  batch: readonly Int32Array[],
  spec: InputSpec,
  dim: number,
  inputGradient: Float32Array,
): { rows: Int32Array; gradients: Float32Array } {
  const slots = slotCount(spec);
  const indexOfRow = new Map<number, number>();
  for (const rows of batch) for (const row of rows) if (!indexOfRow.has(row)) indexOfRow.set(row, indexOfRow.size);
  const gradients = new Float32Array(indexOfRow.size * dim);
  batch.forEach((rows, example) => {
    forEachPlacement(rows, spec, (i, slot, weight) => {
      const target = indexOfRow.get(rows[i]!)! * dim;
      const source = (example * slots + slot) * dim;
      for (let d = 0; d < dim; d++) gradients[target + d]! += weight * inputGradient[source + d]!;
    });
  });
  return { rows: Int32Array.from(indexOfRow.keys()), gradients };
}
