import { portSetting } from '@chatbot/core';
import { z } from 'zod';

/** Slack's environment variables; SLACK_BOT_TOKEN turns the channel on. */
export const slackSettings = {
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'SLACK_BOT_TOKEN must be a bot token (xoxb-...)'),
  /** Verifies Events API requests; not needed in Socket Mode. */
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  /** An app-level token switches the channel to Socket Mode (no public URL needed). */
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'SLACK_APP_TOKEN must be an app-level token (xapp-...)')
    .optional(),
  /** Where the Events API receiver listens (HTTP mode). */
  SLACK_PORT: portSetting(3002),
  /** Slack Web API base URL; tests point it at a local fake. */
  SLACK_API_URL: z.string().url('SLACK_API_URL must be a URL such as https://slack.com/api/').default('https://slack.com/api/'),
};
