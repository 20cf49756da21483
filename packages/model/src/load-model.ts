import { readArtefact } from './artefact-files';
import { initBackend, type BackendPreference } from './backend';
import { TfjsIntentModel, type IntentModel } from './intent-model';

/** Loads an artefact written by IntentModel.save; a missing, corrupt or incompatible one throws ModelLoadError. */
export async function loadIntentModel(dir: string, options: { backend?: BackendPreference } = {}): Promise<IntentModel> {
  await initBackend(options.backend);
  const { metadata, network } = await readArtefact(dir);
  return new TfjsIntentModel(metadata, network);
}
