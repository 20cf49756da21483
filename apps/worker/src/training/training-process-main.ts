import { join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { evaluateModel, initBackend, loadIntentModel, trainIntentModel, type IntentModel } from '@chatbot/model';
import { modelVersionName } from '../model-version-name';
import type { ChildMessage, ParentMessage, TrainingOutcome, TrainingRequest } from './training-child-protocol';

/**
 * The training process, started by trainInChildProcess. Training is CPU-bound and blocks its
 * event loop for whole epochs; running it here keeps the worker's own event loop free for
 * inbound messages and job-lock renewals, and lets it use a second core.
 */
const cancellation = new AbortController();

function send(message: ChildMessage): Promise<void> {
  return new Promise((done) => process.send!(message, undefined, undefined, () => done()));
}

async function train(request: TrainingRequest): Promise<TrainingOutcome> {
  const { split } = request;
  await initBackend(request.backend);
  const started = performance.now();
  const model = await trainIntentModel(split.train, {
    seed: request.seed,
    epochs: request.epochs,
    validation: split.validation,
    outOfScope: split.outOfScopeTrain,
    outOfScopeValidation: split.outOfScopeValidation,
    signal: cancellation.signal,
    onProgress: (progress) => void send({ type: 'progress', progress }),
  });
  try {
    const evaluation = await evaluateModel(model, split.validation, split.outOfScopeValidation);
    const version = modelVersionName(new Date(), model.metadata.dataHash);
    const artefactPath = resolve(join(request.modelDir, version));
    await mkdir(artefactPath, { recursive: true });
    await model.save(artefactPath);
    return {
      version,
      artefactPath,
      modelMetrics: model.metadata.metrics,
      evaluation,
      active: request.activeModel && (await scoreActiveModel(request, request.activeModel)),
      trainingSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}

async function scoreActiveModel(request: TrainingRequest, active: { version: string; artefactPath: string }): Promise<TrainingOutcome['active']> {
  let model: IntentModel | undefined;
  try {
    model = await loadIntentModel(active.artefactPath, { backend: request.backend });
    return { version: active.version, evaluation: await evaluateModel(model, request.split.validation, request.split.outOfScopeValidation) };
  } catch (error) {
    return { version: active.version, error: error instanceof Error ? error.message : String(error) };
  } finally {
    model?.dispose();
  }
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'cancel') {
    cancellation.abort();
    return;
  }
  train(message.request)
    .then(
      (outcome): ChildMessage => ({ type: 'finished', outcome }),
      (error: unknown): ChildMessage =>
        cancellation.signal.aborted
          ? { type: 'cancelled' }
          : { type: 'failed', error: { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) } },
    )
    .then(send)
    .finally(() => process.disconnect());
});
// The worker went away (crashed or killed): nothing is waiting for the result.
process.on('disconnect', () => process.exit(0));
