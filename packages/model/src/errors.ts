/** A model artefact that is missing, corrupt or made by an incompatible engine version. */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

/** Training data that cannot train a model (found before training starts). */
export class TrainingDataError extends Error {
  override name = 'TrainingDataError';
  constructor(readonly problems: string[]) {
    super(`training data is not usable:\n  - ${problems.join('\n  - ')}`);
  }
}
