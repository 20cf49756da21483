import { createHash, randomBytes } from 'node:crypto';
import { AgentNameSchema } from '@chatbot/core';
import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import type { ApiKey } from './generated/prisma/client';

export const ApiKeyRoleSchema = z.enum(['admin', 'viewer', 'agent']);

export const CreateApiKeySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    role: ApiKeyRoleSchema,
    displayName: AgentNameSchema.optional().describe('the name end users see when this agent answers them; required for agent keys'),
  })
  .refine((input) => input.role !== 'agent' || input.displayName !== undefined, {
    message: 'an agent key needs a displayName, the name end users see',
    path: ['displayName'],
  });
export type CreateApiKeyInput = z.input<typeof CreateApiKeySchema>;

/** An API key as shown to admins: never its hash. */
export type ApiKeySummary = Omit<ApiKey, 'keyHash'>;

const SUMMARY = { id: true, name: true, role: true, displayName: true, createdAt: true, revokedAt: true } as const;

/** What the database stores instead of the key: a leaked table does not leak usable keys. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The name an agent key shows end users: its display name (required for agent keys when created), else the key's own name. */
export function agentDisplayName(key: { name: string; displayName: string | null }): string {
  return key.displayName ?? key.name;
}

/** Creates a key and returns it in clear text, the only time anyone sees it. */
export async function createApiKey(db: Db, input: CreateApiKeyInput): Promise<{ apiKey: ApiKeySummary; key: string }> {
  const { name, role, displayName } = CreateApiKeySchema.parse(input);
  // 32 random bytes; the prefix makes a leaked key easy to recognise in logs and secret scanners.
  const key = `cbk_${randomBytes(32).toString('base64url')}`;
  const apiKey = await db.apiKey.create({ data: { name, role, displayName: displayName ?? null, keyHash: hashApiKey(key) }, select: SUMMARY });
  return { apiKey, key };
}

/** The unrevoked key with this clear-text value, or null. */
export function findUsableApiKey(db: Db, key: string): Promise<ApiKeySummary | null> {
  return db.apiKey.findFirst({ where: { keyHash: hashApiKey(key), revokedAt: null }, select: SUMMARY });
}

export function countUsableApiKeys(db: Db): Promise<number> {
  return db.apiKey.count({ where: { revokedAt: null } });
}

export function listApiKeys(db: Db): Promise<ApiKeySummary[]> {
  return db.apiKey.findMany({ select: SUMMARY, orderBy: { createdAt: 'desc' } });
}

/**
 * Revokes a key (kept, so audit entries that name it still make sense). Revoking twice is harmless.
 * An agent's claims end with its key: those conversations wait in the inbox for someone else.
 */
export async function revokeApiKey(db: Db, id: string): Promise<ApiKeySummary> {
  const existing = z.uuid().safeParse(id).success ? await db.apiKey.findUnique({ where: { id }, select: SUMMARY }) : null;
  if (!existing) throw new RecordNotFoundError(`API key ${id} does not exist`);
  if (existing.revokedAt) return existing;
  const [, revoked] = await db.$transaction([
    db.conversation.updateMany({ where: { claimedById: id }, data: { claimedById: null, claimedAt: null } }),
    db.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, select: SUMMARY }),
  ]);
  return revoked;
}
