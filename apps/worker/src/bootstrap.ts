import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config, Logger } from '@chatbot/core';
import { getActiveModelVersion, registerModelVersion, seedDialogueCatalogue, seedIntentCatalogue, type Db } from '@chatbot/db';
import { initBackend, trainIntentModel } from '@chatbot/model';
import { splitBaseData, TRAINING_SEED } from '@chatbot/nlp';
import { readBotData } from '@chatbot/default-bot';
import { modelVersionName } from './model-version-name';

/**
 * Makes a fresh installation answer out of the box: seeds the reply catalogue, the forms and the
 * custom entities from the default bot's files (never overwriting admin edits) and, when no model is active yet,
 * trains the default model and activates it. Prints progress through `onProgress`.
 */
export async function bootstrapDefaultBot(
  db: Db,
  config: Config<'model'>,
  logger: Logger,
  onProgress: (line: string) => void = () => undefined,
  botDir?: string,
): Promise<{ seededIntents: number; trainedVersion: string | null }> {
  const bot = await readBotData(botDir);
  const { created } = await seedIntentCatalogue(db, bot.catalogue);
  await seedDialogueCatalogue(db, {
    forms: bot.forms.map((form) => ({ intent: form.intent, definition: form })),
    customEntities: bot.customEntities.map((entity) => ({ name: entity.name, definition: entity })),
  });
  if (await getActiveModelVersion(db)) return { seededIntents: created, trainedVersion: null };

  await initBackend(config.MODEL_BACKEND);
  const split = splitBaseData(bot);
  onProgress(`Training the default model on ${split.train.length} examples (${new Set(bot.train.map((e) => e.intent)).size} intents)...`);
  const model = await trainIntentModel(split.train, {
    seed: TRAINING_SEED,
    validation: split.validation,
    outOfScope: split.outOfScopeTrain,
    outOfScopeValidation: split.outOfScopeValidation,
    onProgress: (p) =>
      onProgress(
        `  epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}  accuracy ${(p.accuracy * 100).toFixed(1)}%` +
          (p.valAccuracy === undefined ? '' : `  validation ${(p.valAccuracy * 100).toFixed(1)}%`),
      ),
  });
  try {
    const version = modelVersionName(new Date(), model.metadata.dataHash);
    const artefactPath = resolve(join(config.MODEL_DIR, version));
    await mkdir(artefactPath, { recursive: true });
    await model.save(artefactPath);
    await registerModelVersion(db, { version, artefactPath, metrics: model.metadata.metrics, activate: true });
    logger.info({ modelVersion: version, artefactPath }, 'default model trained and activated');
    onProgress(`Default model ${version} saved to ${artefactPath}`);
    return { seededIntents: created, trainedVersion: version };
  } finally {
    model.dispose();
  }
}
