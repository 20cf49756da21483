import { FeaturizerConfigSchema } from '@chatbot/nlp';
import { z } from 'zod';

/**
 * Version of the artefact format and of everything that turns text into model input. Loading
 * refuses an artefact of another major version: its features or files would mean something else.
 */
export const ENGINE_VERSION = '1.1.0';

export function engineMajor(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '', 10);
}

export const epochProgressSchema = z.object({
  epoch: z.number().int(),
  epochs: z.number().int(),
  loss: z.number(),
  accuracy: z.number(),
  valAccuracy: z.number().optional(),
  valLoss: z.number().optional(),
});
export type EpochProgress = z.infer<typeof epochProgressSchema>;

export const modelMetadataSchema = z.object({
  engineVersion: z.string(),
  architecture: z.string(),
  /** The backend the model was trained on. */
  backend: z.string(),
  /** Class labels in output order; includes the out-of-scope label when the model has that class. */
  labels: z.array(z.string()).min(2),
  outOfScopeLabel: z.string().nullable(),
  threshold: z.number().min(0).max(1),
  metrics: z.record(z.string(), z.unknown()),
  dataHash: z.string(),
  createdAt: z.string(),
  featurizer: FeaturizerConfigSchema,
  input: z.object({ kind: z.enum(['bag', 'sequence']), maxLength: z.number().int().min(0) }),
  embedding: z.object({
    rows: z.number().int().min(1),
    dim: z.number().int().min(1),
    storedRows: z.number().int().min(0),
    /** How embedding.bin stores the rows; artefacts from before half precision have float32. */
    precision: z.enum(['float32', 'float16']).default('float32'),
  }),
  seed: z.number().int(),
  history: z.array(epochProgressSchema),
  warnings: z.array(z.string()),
  trainingSeconds: z.number(),
});
export type ModelMetadata = z.infer<typeof modelMetadataSchema>;
