import { ConfigError } from '@chatbot/core';
import { afterAll, describe, expect, it } from 'vitest';
import { DiscordAdapter, createEnabledAdapters } from '../../src';
import { testAdapterDependencies } from '../support/adapter-dependencies';

const { dependencies, cleanup } = testAdapterDependencies('discord-definition-test');
afterAll(cleanup);

describe('Discord in the adapters process', () => {
  it('is off without DISCORD_TOKEN and on with it', () => {
    expect(createEnabledAdapters(dependencies({})).map((adapter) => adapter.channel)).not.toContain('discord');
    const adapters = createEnabledAdapters(dependencies({ DISCORD_TOKEN: 'token' }));
    expect(adapters.find((adapter) => adapter.channel === 'discord')).toBeInstanceOf(DiscordAdapter);
  });

  it('refuses a DISCORD_API_URL that is not a URL, naming it', () => {
    const create = () => createEnabledAdapters(dependencies({ DISCORD_TOKEN: 'token', DISCORD_API_URL: 'discord.com/api' }));
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(/DISCORD_API_URL/);
  });
});
