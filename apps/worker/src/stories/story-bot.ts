import type { Logger } from '@chatbot/core';
import { getActiveModelVersion, type Db } from '@chatbot/db';
import { loadIntentModel, type BackendPreference } from '@chatbot/model';
import { loadBotCatalogue } from '../bot-catalogue';
import { NoActiveModelError } from '../model-registry';
import type { StoryBot } from './story-runner';

export interface StoryBotOptions {
  logger: Logger;
  /** MODEL_BACKEND, as the worker takes it. */
  backend?: BackendPreference;
  /** NLU_THRESHOLD, as the worker takes it (unset: the model's calibrated threshold). */
  threshold?: number;
  /** BOT_TIME_ZONE, as the worker takes it. */
  timeZone?: string;
}

/**
 * The bot as a worker of this store answers: the active model version, the catalogue (replies, forms,
 * custom entities) read from the database. `dispose()` frees the model.
 */
export async function openStoryBot(db: Db, options: StoryBotOptions): Promise<StoryBot & { modelVersion: string; dispose(): void }> {
  const active = await getActiveModelVersion(db);
  if (!active) throw new NoActiveModelError();
  const [model, catalogue] = await Promise.all([
    loadIntentModel(active.artefactPath, { backend: options.backend, threshold: options.threshold }),
    loadBotCatalogue(db, options.logger),
  ]);
  return {
    db,
    logger: options.logger,
    timeZone: options.timeZone,
    modelVersion: active.version,
    catalogue: () => catalogue,
    classify: async (text) => ({ prediction: model.predictBatch([text])[0]!, modelVersion: active.version }),
    dispose: () => model.dispose(),
  };
}
