import { loadConfig } from '@chatbot/core';
import type { AdapterDefinition } from '../adapter-definition';
import { SlackAdapter } from './slack-adapter';

export { SlackAdapter, SLACK_EVENTS_PATH, type SlackAdapterOptions } from './slack-adapter';
export { SLACK_CHANNEL, interpretSlackEvent, slackReplyAddressOf, type SlackReplyAddress, type SlackEventDecision } from './slack-event';

/** Slack is on when a bot token is set; the rest of its configuration is then checked by `create`. */
export const slackAdapterDefinition: AdapterDefinition = {
  channel: 'slack',
  isConfigured: (env) => Boolean(env.SLACK_BOT_TOKEN),
  create: ({ env, redis, prefix }) => {
    const config = loadConfig(['slack'], env);
    return new SlackAdapter({
      botToken: config.SLACK_BOT_TOKEN,
      signingSecret: config.SLACK_SIGNING_SECRET,
      appToken: config.SLACK_APP_TOKEN,
      port: config.SLACK_PORT,
      apiUrl: config.SLACK_API_URL,
      redis,
      prefix,
    });
  },
};
