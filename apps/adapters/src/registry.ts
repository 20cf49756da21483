import { loadSettings, type ChannelAdapter, type Settings, type SettingsShape } from '@chatbot/core';
import type { AdapterDefinition, AdapterDependencies } from './adapter-definition';
import { webAdapterDefinition } from './web';
import { discordAdapterDefinition } from './discord';
import { slackAdapterDefinition } from './slack';

/** Every channel this process can run. A new channel is one folder under src/ and one line here. */
export const adapterDefinitions: readonly AdapterDefinition[] = [webAdapterDefinition, discordAdapterDefinition, slackAdapterDefinition];

/** The adapters process's configuration: its own settings, and the channels whose variables are present. */
export interface AdaptersConfig<S extends SettingsShape> {
  readonly config: Settings<S>;
  /** Creates the enabled channels' adapters, each from its validated settings. */
  createAdapters(dependencies: AdapterDependencies): ChannelAdapter[];
}

/**
 * Validates `ownSettings` (the process's own variables, e.g. Redis and logging) and the settings of
 * every channel configured in `env` in one pass, so one ConfigError names every bad variable.
 */
export function loadAdaptersConfig<S extends SettingsShape>(
  ownSettings: S,
  env: NodeJS.ProcessEnv,
  definitions: readonly AdapterDefinition[] = adapterDefinitions,
): AdaptersConfig<S> {
  refuseSharedVariables(ownSettings, definitions);
  const enabled = definitions.filter((definition) => definition.isConfigured(env));
  const shape: SettingsShape = Object.fromEntries([ownSettings, ...enabled.map((definition) => definition.settings)].flatMap((settings) => Object.entries(settings)));
  const values = loadSettings(shape, env);
  return {
    config: values as Settings<S>,
    createAdapters: (dependencies) => enabled.map((definition) => definition.create(values, dependencies)),
  };
}

/** Two owners of one variable would silently share it, or one would override the other's rules. */
function refuseSharedVariables(ownSettings: SettingsShape, definitions: readonly AdapterDefinition[]): void {
  const ownerOf = new Map(Object.keys(ownSettings).map((name) => [name, 'the adapters process']));
  for (const definition of definitions) {
    for (const name of Object.keys(definition.settings)) {
      const owner = ownerOf.get(name);
      if (owner) throw new Error(`${name} is declared by both ${owner} and channel ${definition.channel}`);
      ownerOf.set(name, `channel ${definition.channel}`);
    }
  }
}

/** The channels configured in `env`, their settings validated, created and ready to start. */
export function createEnabledAdapters(
  dependencies: AdapterDependencies & { env: NodeJS.ProcessEnv },
  definitions: readonly AdapterDefinition[] = adapterDefinitions,
): ChannelAdapter[] {
  return loadAdaptersConfig({}, dependencies.env, definitions).createAdapters(dependencies);
}
