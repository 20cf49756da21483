import type { ChannelAdapter } from '@chatbot/core';
import type { AdapterDefinition, AdapterDependencies } from './adapter-definition';
import { webAdapterDefinition } from './web';
import { discordAdapterDefinition } from './discord';
import { slackAdapterDefinition } from './slack';

/** Every channel this process can run. A new channel is one folder under src/ and one line here. */
export const adapterDefinitions: readonly AdapterDefinition[] = [webAdapterDefinition, discordAdapterDefinition, slackAdapterDefinition];

/** The channels whose configuration is present in `dependencies.env`, created and ready to start. */
export function createEnabledAdapters(
  dependencies: AdapterDependencies,
  definitions: readonly AdapterDefinition[] = adapterDefinitions,
): ChannelAdapter[] {
  return definitions.filter((definition) => definition.isConfigured(dependencies.env)).map((definition) => definition.create(dependencies));
}
