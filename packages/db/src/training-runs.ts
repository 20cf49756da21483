import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import type { Prisma, TrainingRun, TrainingRunStatus } from './generated/prisma/client';

/**
 * The life of a training run: queued (created by the API) -> running (a trainer took it) ->
 * succeeded | failed | cancelled. A finished run never changes again; every transition below
 * names the states it may start from, so a late or repeated call cannot undo a decision. A run
 * succeeds together with registering its model (registerModelVersion), never on its own.
 */
const RunIdSchema = z.uuid('a training run id is a uuid');
const JsonSchema = z.unknown().refine((value) => value !== undefined, 'a JSON value is required');

export const CreateTrainingRunSchema = z.object({ requestedBy: z.string().trim().min(1).max(200) });
export type CreateTrainingRunInput = z.input<typeof CreateTrainingRunSchema>;

export async function createTrainingRun(db: Db, input: CreateTrainingRunInput): Promise<TrainingRun> {
  const { requestedBy } = CreateTrainingRunSchema.parse(input);
  return db.trainingRun.create({ data: { requestedBy } });
}

/** The run, or RecordNotFoundError. */
export async function getTrainingRun(db: Db, id: string): Promise<TrainingRun> {
  const run = RunIdSchema.safeParse(id).success ? await db.trainingRun.findUnique({ where: { id } }) : null;
  if (!run) throw new RecordNotFoundError(`training run ${id} does not exist`);
  return run;
}

export const TrainingRunFilterSchema = z.object({
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TrainingRunFilter = z.input<typeof TrainingRunFilterSchema>;

/** Runs newest first. */
export async function listTrainingRuns(db: Db, filter: TrainingRunFilter = {}): Promise<TrainingRun[]> {
  const { status, limit } = TrainingRunFilterSchema.parse(filter);
  return db.trainingRun.findMany({ where: { status }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
}

/**
 * Moves a queued run to running. Returns the run when this call started it; null when the run is
 * not queued (cancelled meanwhile, or already taken), so the caller can look at why.
 */
export async function markTrainingRunRunning(db: Db, id: string): Promise<TrainingRun | null> {
  const started = await transition(db, id, ['queued'], { status: 'running', startedAt: new Date() });
  return started ? getTrainingRun(db, id) : null;
}

/** Stores the latest progress report of a running run; false when the run is no longer running. */
export async function updateTrainingRunProgress(db: Db, id: string, progress: unknown): Promise<boolean> {
  return transition(db, id, ['running'], { progress: JsonSchema.parse(progress) as Prisma.InputJsonValue });
}

/** Marks a queued or running run failed with the reason; false when it had finished already. */
export async function failTrainingRun(db: Db, id: string, reason: string): Promise<boolean> {
  const error = z.string().trim().min(1, 'a failed run needs a reason').parse(reason);
  return transition(db, id, ['queued', 'running'], { status: 'failed', error, finishedAt: new Date() });
}

/** Marks a queued or running run cancelled; false when it had finished already. */
export async function cancelTrainingRun(db: Db, id: string): Promise<boolean> {
  return transition(db, id, ['queued', 'running'], { status: 'cancelled', finishedAt: new Date() });
}

/** Applies `data` only while the run is in one of `from`; RecordNotFoundError when there is no such run. */
async function transition(db: Db, id: string, from: TrainingRunStatus[], data: Prisma.TrainingRunUpdateManyMutationInput): Promise<boolean> {
  if (!RunIdSchema.safeParse(id).success) throw new RecordNotFoundError(`training run ${id} does not exist`);
  const { count } = await db.trainingRun.updateMany({ where: { id, status: { in: from } }, data });
  if (count === 0) await getTrainingRun(db, id); // throws when the run does not exist at all
  return count === 1;
}
