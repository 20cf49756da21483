import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import type { Action } from './generated/prisma/client';

/**
 * The bot's actions (fulfilment webhooks). The store keeps what the caller checked (@chatbot/actions'
 * ActionConfigSchema and its address check); the secret is stored for signing and only ever read by
 * the worker: the admin API shows `secretSet` instead.
 */
export type StoredAction = Action;

/** What saving an action takes: every setting, the secret only when it is new or changes. */
export const SaveActionSchema = z.object({
  name: z.string().min(1).max(40),
  url: z.string().min(1).max(2000),
  secret: z.string().min(1).max(500).optional(),
  timeoutMs: z.int().positive(),
  interimAfterMs: z.int().min(0),
  retries: z.int().min(0),
  repeatOnRetry: z.boolean(),
  allowPrivateNetwork: z.boolean(),
});
export type SaveActionInput = z.input<typeof SaveActionSchema>;

const AuthorSchema = z.string().trim().min(1).max(200);

export async function listActions(db: Db): Promise<StoredAction[]> {
  return db.action.findMany({ orderBy: { name: 'asc' } });
}

export async function getAction(db: Db, name: string): Promise<StoredAction | null> {
  return db.action.findUnique({ where: { name } });
}

/**
 * Creates or replaces an action. A new action needs a secret; an update without one keeps the stored
 * secret (RecordNotFoundError when there is none to keep).
 */
export async function saveAction(db: Db, input: SaveActionInput, updatedBy: string): Promise<StoredAction> {
  const { secret, ...settings } = SaveActionSchema.parse(input);
  const author = AuthorSchema.parse(updatedBy);
  if (secret === undefined) {
    const updated = await db.action.updateMany({ where: { name: settings.name }, data: { ...settings, updatedBy: author } });
    if (updated.count === 0) throw new RecordNotFoundError(`action "${settings.name}" does not exist yet, so it needs a secret`);
    return (await db.action.findUnique({ where: { name: settings.name } }))!;
  }
  return db.action.upsert({
    where: { name: settings.name },
    create: { ...settings, secret, updatedBy: author },
    update: { ...settings, secret, updatedBy: author },
  });
}

/** Removes an action; RecordNotFoundError when there is none of that name. */
export async function deleteAction(db: Db, name: string): Promise<void> {
  const deleted = await db.action.deleteMany({ where: { name } });
  if (deleted.count === 0) throw new RecordNotFoundError(`there is no action "${name}"`);
}

/**
 * Stores the default bot's actions (the example shop backend that `pnpm start` runs). One that an
 * admin has edited since (its author is not `author`) is left as it is; one still as seeded follows the
 * launcher's URL and secret, which change when its data directory is made anew.
 */
export async function seedActions(db: Db, actions: readonly SaveActionInput[], author: string): Promise<number> {
  let written = 0;
  for (const input of actions) {
    const action = SaveActionSchema.required({ secret: true }).parse(input);
    const existing = await db.action.findUnique({ where: { name: action.name }, select: { updatedBy: true } });
    if (existing && existing.updatedBy !== author) continue;
    await db.action.upsert({ where: { name: action.name }, create: { ...action, updatedBy: author }, update: { ...action, updatedBy: author } });
    written++;
  }
  return written;
}

/** Removes the actions `seedActions` wrote for `author` and nobody has edited since; returns how many. */
export async function deleteSeededActions(db: Db, author: string): Promise<number> {
  const deleted = await db.action.deleteMany({ where: { updatedBy: author } });
  return deleted.count;
}
