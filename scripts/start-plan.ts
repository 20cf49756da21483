/**
 * What `pnpm start` will run, decided from the environment before anything starts: where its data
 * goes, how it prints, which ports it needs and which channels are on.
 */
import { resolve } from 'node:path';
import { configGroups, loadSettings, portSetting } from '@chatbot/core';
import { anyFreePort, chooseLogFormat, logFormatSetting, type LogFormat, type NeededPort } from '@chatbot/local-services';
import { z } from 'zod';

const startSettings = {
  /** Where pnpm start keeps the embedded PostgreSQL, the spawned Redis, the models and the admin token. */
  CHATBOT_DATA_DIR: z.string().optional(),
  LOG_FORMAT: logFormatSetting,
  HOST: configGroups.api.HOST,
  // The adapters' own defaults (apps/adapters/src/web/web-settings.ts, slack/slack-settings.ts); pnpm
  // start passes each port to the processes explicitly, so what it checks is what they use.
  PORT: portSetting(3000, 'PORT'),
  API_PORT: configGroups.api.API_PORT,
  METRICS_PORT: configGroups.worker.METRICS_PORT,
  SLACK_PORT: portSetting(3002, 'SLACK_PORT'),
  /** The example shop backend (examples/shop-backend) that the default bot's actions call; off leaves it out. */
  SHOP_BACKEND: z.enum(['on', 'off']).default('on'),
  SHOP_BACKEND_PORT: portSetting(4100, 'SHOP_BACKEND_PORT'),
};

export interface StartPlan {
  readonly dataDir: string;
  readonly logFormat: LogFormat;
  readonly ports: { readonly chat: number; readonly api: number; readonly metrics: number; readonly slack: number | null; readonly shopBackend: number | null };
  /** The channels the adapters process will run, as its registry decides (apps/adapters/src/registry.ts). */
  readonly channels: readonly string[];
  /** The ports to check, each with the variable that moves it. */
  readonly neededPorts: readonly NeededPort[];
  /** The variables the processes get, so that they listen where this plan checked. */
  readonly portVariables: Record<string, string>;
}

/** Reads the plan from `env`; a bad value throws a ConfigError naming every bad variable. A port of 0 becomes a free one, so it can be printed. */
export async function planStart(env: NodeJS.ProcessEnv, root: string, isTerminal: boolean): Promise<StartPlan> {
  const settings = loadSettings(startSettings, env);
  for (const name of ['PORT', 'API_PORT', 'METRICS_PORT', 'SLACK_PORT', 'SHOP_BACKEND_PORT'] as const) if (settings[name] === 0) settings[name] = await anyFreePort();
  const dataDir = resolve(root, settings.CHATBOT_DATA_DIR ?? '.data');
  // Slack is on with a bot token (apps/adapters/src/slack/index.ts); with an app token it uses Socket Mode and listens on no port.
  const slackListens = Boolean(env.SLACK_BOT_TOKEN) && !env.SLACK_APP_TOKEN;
  const channels = ['web', ...(env.DISCORD_TOKEN ? ['discord'] : []), ...(env.SLACK_BOT_TOKEN ? [slackListens ? 'slack' : 'slack (Socket Mode)'] : [])];
  const shopBackend = settings.SHOP_BACKEND === 'on';
  const neededPorts: NeededPort[] = [
    { variable: 'PORT', port: settings.PORT, host: settings.HOST, what: 'the chat page' },
    { variable: 'API_PORT', port: settings.API_PORT, host: settings.HOST, what: 'the admin API and dashboard' },
    { variable: 'METRICS_PORT', port: settings.METRICS_PORT, host: '0.0.0.0', what: "the worker's metrics" },
    ...(slackListens ? [{ variable: 'SLACK_PORT', port: settings.SLACK_PORT, host: '0.0.0.0', what: "Slack's Events API receiver" }] : []),
    ...(shopBackend
      ? [{ variable: 'SHOP_BACKEND_PORT', port: settings.SHOP_BACKEND_PORT, host: '127.0.0.1', what: 'the example shop backend (SHOP_BACKEND=off leaves it out)' }]
      : []),
  ];
  return {
    dataDir,
    logFormat: chooseLogFormat(settings.LOG_FORMAT, isTerminal),
    ports: {
      chat: settings.PORT,
      api: settings.API_PORT,
      metrics: settings.METRICS_PORT,
      slack: slackListens ? settings.SLACK_PORT : null,
      shopBackend: shopBackend ? settings.SHOP_BACKEND_PORT : null,
    },
    channels,
    neededPorts,
    portVariables: Object.fromEntries(neededPorts.map((entry) => [entry.variable, String(entry.port)])),
  };
}
