import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import type { ModelVersion } from './generated/prisma/client';

/**
 * The version a rollback returns to: the most recently promoted version other than the active
 * one, promoted before it. Throws RecordNotFoundError when no earlier version was ever promoted.
 */
export async function findRollbackTarget(db: Db): Promise<ModelVersion> {
  const active = await db.modelVersion.findFirst({ where: { isActive: true } });
  const target = await db.modelVersion.findFirst({
    where: { isActive: false, promotedAt: active?.promotedAt ? { not: null, lt: active.promotedAt } : { not: null } },
    orderBy: [{ promotedAt: 'desc' }, { id: 'desc' }],
  });
  if (!target) throw new RecordNotFoundError('no earlier promoted model version to roll back to');
  return target;
}
