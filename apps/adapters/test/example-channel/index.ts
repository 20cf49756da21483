import type { AdapterDefinition } from '../../src';
import { EXAMPLE_CHANNEL, ExampleAdapter } from './example-adapter';
import { exampleSettings } from './example-settings';

export { ExampleAdapter, EXAMPLE_CHANNEL } from './example-adapter';
export { exampleSettings } from './example-settings';

/** The example channel runs when its token is set, like Slack and Discord. */
export const exampleChannelDefinition: AdapterDefinition<typeof exampleSettings> = {
  channel: EXAMPLE_CHANNEL,
  settings: exampleSettings,
  isConfigured: (env) => Boolean(env.EXAMPLE_TOKEN),
  create: (settings) => new ExampleAdapter({ token: settings.EXAMPLE_TOKEN, serviceUrl: settings.EXAMPLE_SERVICE_URL }),
};
