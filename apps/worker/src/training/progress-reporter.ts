import type { Job } from 'bullmq';
import { updateTrainingRunProgress, type Db } from '@chatbot/db';
import type { EpochProgress } from '@chatbot/model';

/** The latest epoch's figures plus every epoch so far (the dashboard draws its curves from `history`). */
export type TrainingProgress = EpochProgress & { history: EpochProgress[] };

/**
 * Publishes training progress: every epoch to the BullMQ job (cheap, what live views poll),
 * and to the run's row at most every `writeIntervalMs`. Writes happen one at a time, in order,
 * so an older report never overwrites a newer one.
 */
export function createProgressReporter(db: Db, job: Job, runId: string, writeIntervalMs = 1000) {
  const history: EpochProgress[] = [];
  let latest: TrainingProgress | null = null;
  let lastWriteAt = 0;
  let writes: Promise<unknown> = Promise.resolve();
  const enqueue = (write: () => Promise<unknown>) => {
    // A failed progress write must not fail the run: the next one carries the same history.
    writes = writes.then(write).catch(() => undefined);
  };
  const writeRow = () => {
    const snapshot = latest;
    lastWriteAt = Date.now();
    if (snapshot) enqueue(() => updateTrainingRunProgress(db, runId, snapshot));
  };
  return {
    report(epoch: EpochProgress): void {
      history.push(epoch);
      latest = { ...epoch, history: [...history] };
      const snapshot = latest;
      enqueue(() => job.updateProgress(snapshot));
      if (Date.now() - lastWriteAt >= writeIntervalMs) writeRow();
    },
    /** Writes the final report to the run's row and waits for every write. */
    async flush(): Promise<void> {
      writeRow();
      await writes;
    },
  };
}
