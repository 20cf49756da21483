import type * as tf from '@tensorflow/tfjs';
import type { EmbeddingTable } from './embedding-table';
import type { InputSpec } from './input-encoding';

/** The network: embedding table (plain arrays) + tfjs head. Shared by training, serving and the artefact. */
export interface IntentNetwork {
  table: EmbeddingTable;
  head: tf.LayersModel;
  input: InputSpec;
}
