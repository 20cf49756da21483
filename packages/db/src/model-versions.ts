import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import type { ModelVersion, Prisma } from './generated/prisma/client';

/** Serialises activations, so two promotions at once cannot both pass "deactivate the old one". */
const ACTIVATION_LOCK_KEY = 0x6d6f_6465; // "mode"

export const RegisterModelVersionSchema = z.object({
  version: z.string().trim().min(1).max(100),
  artefactPath: z.string().min(1),
  metrics: z.unknown().refine((value) => value !== undefined, 'metrics are required'),
  activate: z.boolean(),
  trainingRunId: z.uuid().optional(),
});
export type RegisterModelVersionInput = z.input<typeof RegisterModelVersionSchema>;

/** The version workers should serve, or null before the first model is trained. */
export function getActiveModelVersion(db: Db): Promise<ModelVersion | null> {
  return db.modelVersion.findFirst({ where: { isActive: true } });
}

/**
 * Stores a trained model's artefact location and metrics, links it to the training run that
 * produced it, and (when `activate`) makes it the only active version, all in one transaction.
 */
export async function registerModelVersion(db: Db, input: RegisterModelVersionInput): Promise<ModelVersion> {
  const { version, artefactPath, metrics, activate, trainingRunId } = RegisterModelVersionSchema.parse(input);
  return db.$transaction(async (tx) => {
    const created = await tx.modelVersion.create({
      data: { version, artefactPath, metrics: metrics as Prisma.InputJsonValue },
    });
    if (trainingRunId !== undefined) {
      const linked = await tx.trainingRun.updateMany({ where: { id: trainingRunId }, data: { modelVersionId: created.id } });
      if (linked.count === 0) throw new RecordNotFoundError(`training run ${trainingRunId} does not exist`);
    }
    return activate ? activateWithin(tx, created.id) : created;
  });
}

/** Makes the named version the only active one (promotion and rollback). */
export async function activateModelVersion(db: Db, version: string): Promise<ModelVersion> {
  return db.$transaction(async (tx) => {
    const target = await tx.modelVersion.findUnique({ where: { version }, select: { id: true } });
    if (!target) throw new RecordNotFoundError(`model version ${version} does not exist`);
    return activateWithin(tx, target.id);
  });
}

async function activateWithin(tx: Prisma.TransactionClient, id: string): Promise<ModelVersion> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ACTIVATION_LOCK_KEY}::bigint)`;
  await tx.modelVersion.updateMany({ where: { isActive: true, id: { not: id } }, data: { isActive: false } });
  return tx.modelVersion.update({ where: { id }, data: { isActive: true, promotedAt: new Date() } });
}
