import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import type { ApiKey } from './generated/prisma/client';

export const ApiKeyRoleSchema = z.enum(['admin', 'viewer']);

export const CreateApiKeySchema = z.object({
  name: z.string().trim().min(1).max(100),
  role: ApiKeyRoleSchema,
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeySchema>;

/** An API key as shown to admins: never its hash. */
export type ApiKeySummary = Omit<ApiKey, 'keyHash'>;

const SUMMARY = { id: true, name: true, role: true, createdAt: true, revokedAt: true } as const;

/** What the database stores instead of the key: a leaked table does not leak usable keys. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Creates a key and returns it in clear text, the only time anyone sees it. */
export async function createApiKey(db: Db, input: CreateApiKeyInput): Promise<{ apiKey: ApiKeySummary; key: string }> {
  const { name, role } = CreateApiKeySchema.parse(input);
  // 32 random bytes; the prefix makes a leaked key easy to recognise in logs and secret scanners.
  const key = `cbk_${randomBytes(32).toString('base64url')}`;
  const apiKey = await db.apiKey.create({ data: { name, role, keyHash: hashApiKey(key) }, select: SUMMARY });
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

/** Revokes a key (kept, so audit entries that name it still make sense). Revoking twice is harmless. */
export async function revokeApiKey(db: Db, id: string): Promise<ApiKeySummary> {
  const existing = z.uuid().safeParse(id).success ? await db.apiKey.findUnique({ where: { id }, select: SUMMARY }) : null;
  if (!existing) throw new RecordNotFoundError(`API key ${id} does not exist`);
  if (existing.revokedAt) return existing;
  return db.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, select: SUMMARY });
}
