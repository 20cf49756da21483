import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config, Logger } from '@chatbot/core';
import { getActiveModelVersion, registerModelVersion, deleteSeededActions, seedActions, seedDialogueCatalogue, seedIntentCatalogue, type Db } from '@chatbot/db';
import { initBackend, trainIntentModel } from '@chatbot/model';
import { splitBaseData, TRAINING_SEED } from '@chatbot/nlp';
import { readBotData } from '@chatbot/default-bot';
import { modelVersionName } from './model-version-name';

/** The author of the actions seeded for the example shop backend (an admin's later edit keeps its own). */
export const SHOP_BACKEND_AUTHOR = 'pnpm start (example shop backend)';

export interface BootstrapOptions {
  botDir?: string;
  /** The example shop backend to point the bot's actions at (pnpm start runs it on this machine). */
  shopBackend?: { url: string; secret: string };
}

/**
 * Makes a fresh installation answer out of the box: seeds the reply catalogue, the forms and the
 * custom entities from the default bot's files (never overwriting admin edits), points the bot's
 * actions at the example shop backend when one is given, and, when no model is active yet, trains
 * the default model and activates it. Prints progress through `onProgress`.
 */
export async function bootstrapDefaultBot(
  db: Db,
  config: Config<'model'>,
  logger: Logger,
  onProgress: (line: string) => void = () => undefined,
  options: BootstrapOptions = {},
): Promise<{ seededIntents: number; trainedVersion: string | null }> {
  const bot = await readBotData(options.botDir);
  const { created } = await seedIntentCatalogue(db, bot.catalogue);
  await seedDialogueCatalogue(db, {
    forms: bot.forms.map((form) => ({ intent: form.intent, definition: form })),
    customEntities: bot.customEntities.map((entity) => ({ name: entity.name, definition: entity })),
  });
  const shop = options.shopBackend;
  if (shop) {
    const actions = bot.actions.map(({ path, ...action }) => ({
      timeoutMs: 8000,
      interimAfterMs: 1500,
      retries: 1,
      repeatOnRetry: false,
      ...action,
      url: new URL(path, shop.url).toString(),
      secret: shop.secret,
      // The example runs on this machine, at a loopback address that actions may not reach by default.
      allowPrivateNetwork: true,
    }));
    await seedActions(db, actions, SHOP_BACKEND_AUTHOR);
  } else {
    // Without the shop backend, its actions would only fail: the forms answer with their done texts instead.
    await deleteSeededActions(db, SHOP_BACKEND_AUTHOR);
  }
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
