import type { BackendPreference, EpochProgress, ModelEvaluation } from '@chatbot/model';
import type { TrainingSplit } from '@chatbot/nlp';

/** What the worker asks the training process to do. */
export interface TrainingRequest {
  split: TrainingSplit;
  seed: number;
  /** Upper bound on epochs; the model's default when absent. */
  epochs?: number;
  backend: BackendPreference;
  /** The artefact is saved to <modelDir>/<version>. */
  modelDir: string;
  /** Scored on the same held-out split for the promotion gate; null when no model is active. */
  activeModel: { version: string; artefactPath: string } | null;
}

/** What the training process hands back once the new model is saved and both models are scored. */
export interface TrainingOutcome {
  version: string;
  artefactPath: string;
  /** The model's own metadata metrics (validation figures, best epoch, sizes). */
  modelMetrics: Record<string, unknown>;
  evaluation: ModelEvaluation;
  active: { version: string; evaluation: ModelEvaluation } | { version: string; error: string } | null;
  trainingSeconds: number;
}

export type ParentMessage = { type: 'train'; request: TrainingRequest } | { type: 'cancel' };

export type ChildMessage =
  | { type: 'progress'; progress: EpochProgress }
  | { type: 'finished'; outcome: TrainingOutcome }
  | { type: 'cancelled' }
  | { type: 'failed'; error: { name: string; message: string } };
