import { z } from 'zod';
import type { Db } from './database';
import type { ModelVersion } from './generated/prisma/client';

export const ModelVersionListSchema = z.object({ limit: z.number().int().min(1).max(200).default(50) });
export type ModelVersionListOptions = z.input<typeof ModelVersionListSchema>;

/** A model version with the training run that produced it (null for the default model made at start-up). */
export type ModelVersionSummary = ModelVersion & { trainingRunId: string | null };

/** Model versions newest first, each with its metrics and active flag. */
export async function listModelVersions(db: Db, options: ModelVersionListOptions = {}): Promise<ModelVersionSummary[]> {
  const { limit } = ModelVersionListSchema.parse(options);
  const rows = await db.modelVersion.findMany({
    include: { trainingRun: { select: { id: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
  });
  return rows.map(({ trainingRun, ...version }) => ({ ...version, trainingRunId: trainingRun?.id ?? null }));
}
