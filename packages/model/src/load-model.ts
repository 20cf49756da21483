import { readArtefact } from './artefact-files';
import { initBackend, type BackendPreference } from './backend';
import { TfjsIntentModel, type IntentModel } from './intent-model';

export interface LoadModelOptions {
  backend?: BackendPreference;
  /**
   * Replaces the artefact's calibrated out-of-scope threshold (0..1): an operator's choice of how
   * sure the model must be before it answers. Higher means more fallbacks and fewer wrong answers.
   */
  threshold?: number;
}

/** Loads an artefact written by IntentModel.save; a missing, corrupt or incompatible one throws ModelLoadError. */
export async function loadIntentModel(dir: string, options: LoadModelOptions = {}): Promise<IntentModel> {
  const { threshold } = options;
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) {
    throw new RangeError(`an out-of-scope threshold is between 0 and 1, got ${threshold}`);
  }
  await initBackend(options.backend);
  const { metadata, network } = await readArtefact(dir);
  return new TfjsIntentModel(metadata, network, threshold);
}
