import type { IntentModel, Prediction } from '@chatbot/model';
import type { Logger } from '@chatbot/core';

export interface ActiveModel {
  version: string;
  artefactPath: string;
}

export class NoActiveModelError extends Error {
  override name = 'NoActiveModelError';
  constructor() {
    super('No active model version in the database. `pnpm start` trains the default model; or train one with `pnpm nlu train` and promote it.');
  }
}

/**
 * Holds the model this worker answers with and swaps in a new one without a pause:
 * the new model is loaded in the background and replaces the old one between batches
 * (classification is synchronous, so no batch ever sees two models).
 */
export class ModelRegistry {
  private current: { model: IntentModel; version: string } | null = null;
  /** The version most recently asked for; an older request still in the queue is skipped. */
  private wanted: string | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly loadModel: (artefactPath: string) => Promise<IntentModel>,
    private readonly logger: Logger,
  ) {}

  get version(): string | null {
    return this.current?.version ?? null;
  }

  /** The out-of-scope threshold the current model decides with. */
  get threshold(): number | null {
    return this.current?.model.threshold ?? null;
  }

  get backend(): string | null {
    return this.current?.model.metadata.backend ?? null;
  }

  /**
   * Switches to `target`. Requests are applied one at a time in the order they arrive, and a request
   * overtaken by a newer one is skipped, so a rollback followed at once by a promotion ends on the
   * promoted version even when the rollback's model is still loading.
   */
  activate(target: ActiveModel): Promise<void> {
    this.wanted = target.version;
    const run = this.queue.then(() => this.switchTo(target));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async switchTo(target: ActiveModel): Promise<void> {
    if (this.wanted !== target.version) return;
    if (this.current?.version === target.version) {
      this.logger.info({ modelVersion: target.version }, 'model already active');
      return;
    }
    const started = Date.now();
    const model = await this.loadModel(target.artefactPath);
    if (this.wanted !== target.version) {
      model.dispose();
      return;
    }
    const previous = this.current;
    this.current = { model, version: target.version };
    previous?.model.dispose();
    this.logger.info(
      {
        modelVersion: target.version,
        from: previous?.version ?? null,
        threshold: model.threshold,
        calibratedThreshold: model.metadata.threshold,
        loadMs: Date.now() - started,
      },
      'model activated',
    );
  }

  classifyBatch(texts: string[]): Array<{ prediction: Prediction; modelVersion: string }> {
    const current = this.current;
    if (!current) throw new NoActiveModelError();
    return current.model.predictBatch(texts).map((prediction) => ({ prediction, modelVersion: current.version }));
  }

  dispose(): void {
    this.current?.model.dispose();
    this.current = null;
  }
}
