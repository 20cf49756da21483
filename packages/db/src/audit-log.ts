import { z } from 'zod';
import type { Db } from './database';
import type { AuditLog, Prisma } from './generated/prisma/client';

export const AuditEntrySchema = z.object({
  actor: z.string().min(1).max(200),
  action: z.string().min(1).max(100),
  target: z.string().max(500).nullable().default(null),
  details: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type AuditEntryInput = z.input<typeof AuditEntrySchema>;

/** Records who did what to which record. */
export async function recordAuditEntry(db: Db, input: AuditEntryInput): Promise<AuditLog> {
  const { actor, action, target, details } = AuditEntrySchema.parse(input);
  return db.auditLog.create({ data: { actor, action, target, details: (details ?? undefined) as Prisma.InputJsonValue | undefined } });
}

export const AuditLogFilterSchema = z.object({
  actor: z.string().min(1).optional(),
  action: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});
export type AuditLogFilter = z.input<typeof AuditLogFilterSchema>;

/** Audit entries, newest first. */
export function listAuditEntries(db: Db, filter: AuditLogFilter = {}): Promise<AuditLog[]> {
  const { actor, action, limit, offset } = AuditLogFilterSchema.parse(filter);
  return db.auditLog.findMany({
    where: { actor, action },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    skip: offset,
  });
}
