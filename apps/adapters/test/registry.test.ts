import { ConfigError, type ChannelAdapter } from '@chatbot/core';
import { afterAll, describe, expect, it } from 'vitest';
import { WebAdapter, adapterDefinitions, createEnabledAdapters, type AdapterDefinition } from '../src';
import { testAdapterDependencies } from './support/adapter-dependencies';

const { dependencies, cleanup } = testAdapterDependencies('registry-test');
afterAll(cleanup);

/** A channel that is on when FAKE_TOKEN is set, to show how Slack/Discord will plug in. */
const fakeDefinition: AdapterDefinition = {
  channel: 'fake',
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
});
