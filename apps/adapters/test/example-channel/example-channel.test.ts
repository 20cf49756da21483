import { ConfigError, loadSettings } from '@chatbot/core';
import { afterAll, describe, expect, it } from 'vitest';
import { adapterDefinitions, createEnabledAdapters } from '../../src';
import { runConformanceSuite } from '../conformance/suite';
import { testAdapterDependencies } from '../support/adapter-dependencies';
import { ExampleAdapter, exampleChannelDefinition, exampleSettings } from './index';
import { ExampleConformanceDriver } from './example-driver';

/**
 * A channel defined entirely in this folder and registered next to the real ones, as a new channel
 * is (one folder, one line in src/registry.ts): nothing in core knows about it.
 */
const definitions = [...adapterDefinitions, exampleChannelDefinition];
const { dependencies, cleanup } = testAdapterDependencies('example-channel-test');
afterAll(cleanup);

describe('a channel added as one folder', () => {
  it('is off without its token and on with it, next to the real channels', () => {
    expect(createEnabledAdapters(dependencies({}), definitions).map((adapter) => adapter.channel)).toEqual(['web']);
    const adapters = createEnabledAdapters(dependencies({ EXAMPLE_TOKEN: 'example-token' }), definitions);
    expect(adapters.map((adapter) => adapter.channel)).toEqual(['web', 'example']);
    expect(adapters[1]).toBeInstanceOf(ExampleAdapter);
  });

  it('has its settings validated with the others, every bad variable named in one ConfigError', () => {
    const create = () => createEnabledAdapters(dependencies({ PORT: 'eighty', EXAMPLE_TOKEN: 'short', EXAMPLE_SERVICE_URL: 'http://example' }), definitions);
    expect(create).toThrow(ConfigError);
    expect(create).toThrow('\n  - PORT: ');
    expect(create).toThrow('\n  - EXAMPLE_TOKEN: EXAMPLE_TOKEN must be at least 8 characters\n  - EXAMPLE_SERVICE_URL: EXAMPLE_SERVICE_URL must be a memory:// address');
  });

  it('applies the default of its optional setting', () => {
    expect(loadSettings(exampleSettings, { EXAMPLE_TOKEN: 'example-token' })).toEqual({ EXAMPLE_TOKEN: 'example-token', EXAMPLE_SERVICE_URL: 'memory://example' });
  });
});

runConformanceSuite(() => new ExampleConformanceDriver());
