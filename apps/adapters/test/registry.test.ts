import { ConfigError, configGroups, type ChannelAdapter } from '@chatbot/core';
import { afterAll, describe, expect, it } from 'vitest';
import { WebAdapter, adapterDefinitions, createEnabledAdapters, loadAdaptersConfig, type AdapterDefinition } from '../src';
import { testAdapterDependencies } from './support/adapter-dependencies';

const { dependencies, cleanup } = testAdapterDependencies('registry-test');
afterAll(cleanup);

/** A channel that is on when FAKE_TOKEN is set, to show how Slack/Discord will plug in. */
const fakeDefinition: AdapterDefinition = {
  channel: 'fake',
  settings: {},
  isConfigured: (env) => Boolean(env.FAKE_TOKEN),
  create: () => ({ channel: 'fake' }) as ChannelAdapter,
};

describe('adapter registry', () => {
  it('always enables the web channel, with no configuration at all', () => {
    expect(adapterDefinitions.map((definition) => definition.channel)).toContain('web');
    const adapters = createEnabledAdapters(dependencies({}));
    expect(adapters.map((adapter) => adapter.channel)).toEqual(['web']);
    expect(adapters[0]).toBeInstanceOf(WebAdapter);
  });

  it('enables another channel only when its configuration is present', () => {
    const definitions = [...adapterDefinitions, fakeDefinition];
    expect(createEnabledAdapters(dependencies({}), definitions).map((adapter) => adapter.channel)).toEqual(['web']);
    expect(createEnabledAdapters(dependencies({ FAKE_TOKEN: 'x' }), definitions).map((adapter) => adapter.channel)).toEqual(['web', 'fake']);
  });

  it('refuses a bad PORT with a ConfigError that names it', () => {
    expect(() => createEnabledAdapters(dependencies({ PORT: 'eighty' }))).toThrow(ConfigError);
    expect(() => createEnabledAdapters(dependencies({ PORT: 'eighty' }))).toThrow(/PORT/);
  });

  it('names every bad variable of the process and of each enabled channel in one ConfigError', () => {
    const env = { REDIS_URL: 'not a url', PORT: 'eighty', SLACK_BOT_TOKEN: 'xoxp-user-token', DISCORD_TOKEN: 't', DISCORD_API_URL: 'discord' };
    const load = () => loadAdaptersConfig({ ...configGroups.redis, ...configGroups.log }, env);
    expect(load).toThrow(ConfigError);
    for (const name of ['REDIS_URL', 'PORT', 'SLACK_BOT_TOKEN', 'DISCORD_API_URL']) expect(load).toThrow(new RegExp(`  - ${name}: `));
  });

  it('does not validate the settings of a channel that is off', () => {
    expect(
      loadAdaptersConfig({}, { SLACK_PORT: 'http' })
        .createAdapters(dependencies({}))
        .map((adapter) => adapter.channel),
    ).toEqual(['web']);
  });

  it('refuses two owners of one variable, which would silently share it', () => {
    const clash: AdapterDefinition = { ...fakeDefinition, settings: { PORT: configGroups.api.API_PORT } };
    expect(() => loadAdaptersConfig({}, {}, [...adapterDefinitions, clash])).toThrow('PORT is declared by both channel web and channel fake');
  });
});
