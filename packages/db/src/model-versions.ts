import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError, TrainingRunNotRunningError } from './errors';
import type { ModelVersion, Prisma } from './generated/prisma/client';

/** Serialises activations, so two promotions at once cannot both pass "deactivate the old one". */
const ACTIVATION_LOCK_KEY = 0x6d6f_6465; // "mode"

export const RegisterModelVersionSchema = z.object({
  version: z.string().trim().min(1).max(100),
  artefactPath: z.string().min(1),
  metrics: z.unknown().refine((value) => value !== undefined, 'metrics are required'),
  activate: z.boolean(),
  /** The running training run that produced the version; it succeeds with these metrics. */
  trainingRun: z.object({ id: z.uuid(), metrics: z.unknown().refine((value) => value !== undefined, 'run metrics are required') }).optional(),
});
export type RegisterModelVersionInput = z.input<typeof RegisterModelVersionSchema>;

/** The version workers should serve, or null before the first model is trained. */
export function getActiveModelVersion(db: Db): Promise<ModelVersion | null> {
  return db.modelVersion.findFirst({ where: { isActive: true } });
}

/**
 * Stores a trained model's artefact location and metrics, marks the training run that produced it
 * succeeded (linked to the version), and (when `activate`) makes it the only active version, all
 * in one transaction: a crash cannot leave a version whose run is not succeeded, and a run that
 * stopped running meanwhile (failed by another worker) gets no version.
 */
export async function registerModelVersion(db: Db, input: RegisterModelVersionInput): Promise<ModelVersion> {
  const { version, artefactPath, metrics, activate, trainingRun } = RegisterModelVersionSchema.parse(input);
  return db.$transaction(async (tx) => {
    const created = await tx.modelVersion.create({
      data: { version, artefactPath, metrics: metrics as Prisma.InputJsonValue },
    });
    if (trainingRun !== undefined) await succeedRunWithin(tx, trainingRun.id, created.id, trainingRun.metrics);
    return activate ? activateWithin(tx, created.id) : created;
  });
}

async function succeedRunWithin(tx: Prisma.TransactionClient, runId: string, modelVersionId: string, metrics: unknown): Promise<void> {
  const { count } = await tx.trainingRun.updateMany({
    where: { id: runId, status: 'running' },
    data: { status: 'succeeded', modelVersionId, metrics: metrics as Prisma.InputJsonValue, finishedAt: new Date() },
  });
  if (count === 1) return;
  const run = await tx.trainingRun.findUnique({ where: { id: runId }, select: { status: true } });
  if (!run) throw new RecordNotFoundError(`training run ${runId} does not exist`);
  throw new TrainingRunNotRunningError(`training run ${runId} is ${run.status}, not running; its model is not registered`);
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
