import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@chatbot/core';
import { createDatabase, migrateDatabase, pingDatabase, registerModelVersion, type Db } from '@chatbot/db';
import { DEFAULT_BOT_DIR } from '@chatbot/default-bot';
import { startEmbeddedPostgres } from '@chatbot/local-services';
import { ENGINE_VERSION, type BackendPreference } from '@chatbot/model';
import { bootstrapDefaultBot } from '../bootstrap';
import { modelVersionName } from '../model-version-name';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The store `pnpm bot test` runs stories against. */
export interface StoryStore {
  db: Db;
  /** What it is, for the report's first line. */
  description: string;
  close(): Promise<void>;
}

export interface StoryStoreOptions {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  backend: BackendPreference;
  /** Progress lines (starting PostgreSQL, training the model). */
  say: (line: string) => void;
}

/**
 * DATABASE_URL's store when it is set: that installation's model, catalogue and forms, untouched
 * (the runner's own conversations are deleted after each story). Otherwise a temporary PostgreSQL
 * (embedded, in a temporary folder removed at close) with the default bot set up as `pnpm start`
 * sets it up; its model is trained once and kept under <CHATBOT_DATA_DIR>/story-models, keyed by
 * the training data, so later runs start in seconds.
 */
export async function openStoryStore(options: StoryStoreOptions): Promise<StoryStore> {
  const url = options.env.DATABASE_URL;
  if (url) {
    const database = createDatabase(url);
    try {
      await pingDatabase(database.prisma);
    } catch (error) {
      await database.close();
      throw new Error(`PostgreSQL at DATABASE_URL (${withoutPassword(url)}) does not answer`, { cause: error });
    }
    return { db: database.prisma, description: `${withoutPassword(url)} (DATABASE_URL)`, close: () => database.close() };
  }
  return openTemporaryStore(options);
}

async function openTemporaryStore({ env, logger, backend, say }: StoryStoreOptions): Promise<StoryStore> {
  const dir = await mkdtemp(join(tmpdir(), 'chatbot-stories-'));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => logger.warn({ err: error }, 'cleaning up the story store failed'));
  };
  try {
    say('DATABASE_URL is not set: starting a temporary PostgreSQL with the default bot ...');
    const pg = await startEmbeddedPostgres(dir, say, { ownSignals: true });
    cleanups.push(() => pg.stop());
    await migrateDatabase(pg.url);
    const database = createDatabase(pg.url);
    cleanups.push(() => database.close());
    await setUpDefaultBot(database.prisma, { cacheRoot: resolve(ROOT, env.CHATBOT_DATA_DIR ?? '.data', 'story-models'), backend, logger, say });
    return { db: database.prisma, description: `a temporary PostgreSQL with the default bot (port ${pg.port})`, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Seeds the default bot's catalogue and activates its model: the cached one for this training data
 * when there is one, else one trained now (then cached; moved in whole, so a cache entry is never half written).
 */
async function setUpDefaultBot(db: Db, options: { cacheRoot: string; backend: BackendPreference; logger: Logger; say: (line: string) => void }): Promise<void> {
  const { cacheRoot, backend, logger, say } = options;
  const cached = join(cacheRoot, await trainingDataKey());
  if (existsSync(join(cached, 'metadata.json'))) {
    const metadata = JSON.parse(await readFile(join(cached, 'metadata.json'), 'utf8')) as { metrics?: unknown; dataHash?: string; createdAt?: string };
    const version = modelVersionName(new Date(metadata.createdAt ?? Date.now()), metadata.dataHash ?? 'cached');
    await registerModelVersion(db, { version, artefactPath: cached, metrics: metadata.metrics ?? {}, activate: true });
    say(`Using the default model trained before (${cached}; delete it to train again)`);
  }
  await mkdir(cacheRoot, { recursive: true });
  const staging = join(cacheRoot, `.training-${randomUUID()}`);
  try {
    const { trainedVersion } = await bootstrapDefaultBot(db, { MODEL_DIR: staging, MODEL_BACKEND: backend }, logger, say);
    if (!trainedVersion) return;
    if (existsSync(cached)) await rm(cached, { recursive: true, force: true });
    await rename(join(staging, trainedVersion), cached);
    await db.modelVersion.update({ where: { version: trainedVersion }, data: { artefactPath: cached } });
    say(`Kept the model in ${cached} for the next run`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Identifies the default bot's training data and the model engine: a model trained on them is as good as a new one. */
async function trainingDataKey(): Promise<string> {
  const hash = createHash('sha256').update(`engine ${ENGINE_VERSION}\n`);
  for (const file of ['train.jsonl', 'oos.jsonl']) hash.update(await readFile(join(DEFAULT_BOT_DIR, file)).catch(() => Buffer.alloc(0)));
  return `default-bot-${hash.digest('hex').slice(0, 16)}`;
}

function withoutPassword(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
