import type { AdapterDefinition } from '../adapter-definition';
import { SlackAdapter } from './slack-adapter';
import { slackSettings } from './slack-settings';

export { SlackAdapter, SLACK_EVENTS_PATH, type SlackAdapterOptions } from './slack-adapter';
export { SLACK_CHANNEL, interpretSlackEvent, slackReplyAddressOf, type SlackReplyAddress, type SlackEventDecision } from './slack-event';

/** Slack is on when a bot token is set; the rest of its settings are then validated with the process's. */
export const slackAdapterDefinition: AdapterDefinition<typeof slackSettings> = {
  channel: 'slack',
  settings: slackSettings,
  isConfigured: (env) => Boolean(env.SLACK_BOT_TOKEN),
  create: (settings, { redis, prefix }) =>
    new SlackAdapter({
      botToken: settings.SLACK_BOT_TOKEN,
      signingSecret: settings.SLACK_SIGNING_SECRET,
      appToken: settings.SLACK_APP_TOKEN,
      port: settings.SLACK_PORT,
      apiUrl: settings.SLACK_API_URL,
      redis,
      prefix,
    }),
};
