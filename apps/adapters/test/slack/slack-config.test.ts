import { ConfigError } from '@chatbot/core';
import { afterAll, describe, expect, it } from 'vitest';
import { SlackAdapter, createEnabledAdapters } from '../../src';
import { testAdapterDependencies } from '../support/adapter-dependencies';

const { dependencies, cleanup } = testAdapterDependencies('slack-config-test');
afterAll(cleanup);

describe('Slack configuration', () => {
  it('is on only when SLACK_BOT_TOKEN is set', () => {
    expect(createEnabledAdapters(dependencies({})).map((adapter) => adapter.channel)).not.toContain('slack');
    const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };
    const slack = createEnabledAdapters(dependencies(env)).find((adapter) => adapter.channel === 'slack');
    expect(slack).toBeInstanceOf(SlackAdapter);
  });

  it('accepts Socket Mode (SLACK_APP_TOKEN) without a signing secret', () => {
    const adapters = createEnabledAdapters(dependencies({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }));
    expect(adapters.find((adapter) => adapter.channel === 'slack')).toBeInstanceOf(SlackAdapter);
  });

  it('refuses a half configuration with a ConfigError naming what is wrong', () => {
    const create = (env: NodeJS.ProcessEnv) => () => createEnabledAdapters(dependencies(env));
    expect(create({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(ConfigError);
    expect(create({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET: is required/);
    expect(create({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's' })).toThrow(/SLACK_BOT_TOKEN must be a bot token/);
    expect(create({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' })).toThrow(/SLACK_APP_TOKEN must be an app-level token/);
    expect(create({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_PORT: 'http' })).toThrow(/SLACK_PORT/);
    expect(create({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'slack' })).toThrow(/SLACK_API_URL must be a URL/);
  });
});
