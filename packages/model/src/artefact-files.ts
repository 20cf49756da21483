import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { EmbeddingTable } from './embedding-table';
import { encodeFloat16, fromFloat16Bits } from './float16';
import { ModelLoadError } from './errors';
import type { IntentNetwork } from './intent-network';
import { ENGINE_VERSION, engineMajor, modelMetadataSchema, type ModelMetadata } from './metadata';

/**
 * An artefact is one directory:
 * - metadata.json: ModelMetadata (engine version, labels, threshold, featurizer, metrics...);
 * - model.json + weights.bin: the tfjs head in the standard tfjs layers format;
 * - embedding.bin: the embedding rows training touched (all others are zero), as int32 row
 *   indices followed by the rows in half precision (float32 in artefacts older than that), little-endian.
 */
const FILES = { metadata: 'metadata.json', head: 'model.json', headWeights: 'weights.bin', embedding: 'embedding.bin' };

/** Row indices and values of the non-zero rows. */
function storedRows(table: EmbeddingTable): { rows: Int32Array; values: Float32Array } {
  const rows: number[] = [];
  for (let r = 0; r < table.rows; r++) {
    const row = table.weights.subarray(r * table.dim, (r + 1) * table.dim);
    if (row.some((x) => x !== 0)) rows.push(r);
  }
  const values = new Float32Array(rows.length * table.dim);
  rows.forEach((r, i) => values.set(table.weights.subarray(r * table.dim, (r + 1) * table.dim), i * table.dim));
  return { rows: Int32Array.from(rows), values };
}

function littleEndianBytes(array: Int32Array | Float32Array | Uint16Array): Buffer {
  // Every platform Node supports in production is little-endian, so the in-memory bytes are the file bytes.
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** The head's topology and weights, as tfjs would write them to model.json and weights.bin. */
async function headArtifacts(head: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await head.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return captured!;
}

/** Writes into a temporary sibling directory first, so a crash never leaves half an artefact at `dir`. */
export async function writeArtefact(dir: string, metadata: ModelMetadata, network: IntentNetwork): Promise<void> {
  const { rows, values } = storedRows(network.table);
  const artifacts = await headArtifacts(network.head);
  const weightData = tf.io.concatenateArrayBuffers(Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData!]);
  const modelJson = {
    format: 'layers-model',
    generatedBy: `@chatbot/model ${ENGINE_VERSION}`,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [FILES.headWeights], weights: artifacts.weightSpecs }],
  };
  const stored: ModelMetadata = { ...metadata, embedding: { ...metadata.embedding, storedRows: rows.length } };

  const staging = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, FILES.metadata), `${JSON.stringify(stored, null, 2)}\n`);
  await writeFile(join(staging, FILES.head), JSON.stringify(modelJson));
  await writeFile(join(staging, FILES.headWeights), Buffer.from(weightData));
  const storedValues = metadata.embedding.precision === 'float16' ? encodeFloat16(values) : values;
  await writeFile(join(staging, FILES.embedding), Buffer.concat([littleEndianBytes(rows), littleEndianBytes(storedValues)]));
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
}

async function readArtefactFile(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? (error as Error).message})`;
    throw new ModelLoadError(`model artefact ${dir}: ${name} ${reason}`);
  }
}

function parseJson(dir: string, name: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ModelLoadError(`model artefact ${dir}: ${name} is not valid JSON (${(error as Error).message})`);
  }
}

function readMetadata(dir: string, bytes: Buffer): ModelMetadata {
  const json = parseJson(dir, FILES.metadata, bytes);
  const version = (json as { engineVersion?: unknown } | null)?.engineVersion;
  if (typeof version === 'string' && engineMajor(version) !== engineMajor(ENGINE_VERSION)) {
    throw new ModelLoadError(`model artefact ${dir} was made by engine version ${version}, which this engine (${ENGINE_VERSION}) cannot read: retrain the model`);
  }
  const parsed = modelMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ModelLoadError(`model artefact ${dir}: ${FILES.metadata} is invalid (${problems})`);
  }
  return parsed.data;
}

function readEmbedding(dir: string, metadata: ModelMetadata, bytes: Buffer): EmbeddingTable {
  const { rows, dim, storedRows: count, precision } = metadata.embedding;
  const bytesPerValue = precision === 'float16' ? 2 : 4;
  const expected = count * 4 + count * dim * bytesPerValue;
  if (bytes.byteLength !== expected) {
    throw new ModelLoadError(`model artefact ${dir}: ${FILES.embedding} has ${bytes.byteLength} bytes, expected ${expected}`);
  }
  // Copy out of the Buffer's shared pool so the typed arrays are aligned.
  const copy = new Uint8Array(bytes).buffer;
  const indices = new Int32Array(copy, 0, count);
  // Rows are decoded straight into the table: no second full-size array while a worker loads.
  const decode = precision === 'float16' ? fromFloat16Bits : (value: number) => value;
  const values = precision === 'float16' ? new Uint16Array(copy, count * 4, count * dim) : new Float32Array(copy, count * 4, count * dim);
  const table = new EmbeddingTable(rows, dim);
  indices.forEach((row, i) => {
    if (row < 0 || row >= rows) throw new ModelLoadError(`model artefact ${dir}: ${FILES.embedding} names row ${row} of ${rows}`);
    for (let d = 0; d < dim; d++) table.weights[row * dim + d] = decode(values[i * dim + d]!);
  });
  return table;
}

async function readHead(dir: string, metadata: ModelMetadata): Promise<tf.LayersModel> {
  const modelJson = parseJson(dir, FILES.head, await readArtefactFile(dir, FILES.head)) as {
    modelTopology?: unknown;
    weightsManifest?: Array<{ weights?: tf.io.WeightsManifestEntry[] }>;
  };
  const weightSpecs = modelJson.weightsManifest?.[0]?.weights;
  if (!modelJson.modelTopology || !weightSpecs) {
    throw new ModelLoadError(`model artefact ${dir}: ${FILES.head} lacks modelTopology or weightsManifest`);
  }
  const weightData = new Uint8Array(await readArtefactFile(dir, FILES.headWeights)).buffer;
  try {
    const head = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology as tf.io.ModelArtifacts['modelTopology'], weightSpecs, weightData }));
    const outputs = head.outputs[0]?.shape.at(-1);
    if (outputs !== metadata.labels.length) {
      throw new Error(`the head has ${String(outputs)} outputs for ${metadata.labels.length} labels`);
    }
    return head;
  } catch (error) {
    throw new ModelLoadError(`model artefact ${dir}: the tfjs head cannot be loaded (${(error as Error).message})`);
  }
}

export async function readArtefact(dir: string): Promise<{ metadata: ModelMetadata; network: IntentNetwork }> {
  const metadata = readMetadata(dir, await readArtefactFile(dir, FILES.metadata));
  const table = readEmbedding(dir, metadata, await readArtefactFile(dir, FILES.embedding));
  const head = await readHead(dir, metadata);
  return { metadata, network: { table, head, input: { kind: metadata.input.kind, maxLength: metadata.input.maxLength, featurizer: metadata.featurizer } } };
}
