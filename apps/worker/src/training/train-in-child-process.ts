import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EpochProgress } from '@chatbot/model';
import type { ChildMessage, ParentMessage, TrainingOutcome, TrainingRequest } from './training-child-protocol';

const TRAINING_PROCESS = fileURLToPath(new URL('./training-process-main.ts', import.meta.url));
/** The child runs our TypeScript source directly, like every other process of the platform. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** How long a cancelled training process may take to stop before it is killed. */
const CANCEL_GRACE_MS = 10_000;

/** Training stopped because `signal` was aborted; nothing was saved. */
export class TrainingAbortedError extends Error {
  override name = 'TrainingAbortedError';
}

/** The training process failed; its message says why (bad data, out of memory, crashed). */
export class TrainingProcessError extends Error {
  override name = 'TrainingProcessError';
}

/**
 * Trains, saves and scores a model in a child process (see training-process-main.ts), reporting
 * each epoch through `onProgress`. Aborting `signal` stops training at the next mini-batch
 * (the child is killed if it does not stop in time) and rejects with TrainingAbortedError.
 */
export function trainInChildProcess(request: TrainingRequest, onProgress: (progress: EpochProgress) => void, signal?: AbortSignal): Promise<TrainingOutcome> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const child = fork(TRAINING_PROCESS, [], { execArgv: ['--import', TSX_LOADER], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled: ChildMessage | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    const send = (message: ParentMessage) => child.connected && child.send(message);
    const onAbort = () => {
      send({ type: 'cancel' });
      killTimer = setTimeout(() => child.kill('SIGKILL'), CANCEL_GRACE_MS);
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    child.on('message', (message: ChildMessage) => {
      if (message.type === 'progress') onProgress(message.progress);
      else settled = message;
    });
    child.once('error', (error) => reject(new TrainingProcessError(`could not start the training process: ${error.message}`)));
    child.once('exit', (code, exitSignal) => {
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
      const result = settled;
      if (result?.type === 'finished') resolve(result.outcome);
      else if (result?.type === 'failed') reject(new TrainingProcessError(result.error.message));
      else if (result?.type === 'cancelled' || signal?.aborted) reject(new TrainingAbortedError('training was stopped before it finished'));
      else reject(new TrainingProcessError(`the training process stopped unexpectedly (${exitSignal ? `signal ${exitSignal}` : `exit code ${code}`})`));
    });
    send({ type: 'train', request });
  });
}
