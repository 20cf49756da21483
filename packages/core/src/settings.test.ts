import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, flagSetting, loadSettings, perMinuteSetting, portSetting } from './settings';

describe('loadSettings', () => {
  const shape = {
    EXAMPLE_TOKEN: z.string().min(1),
    EXAMPLE_PORT: portSetting(4000),
    EXAMPLE_VERBOSE: flagSetting('EXAMPLE_VERBOSE', false),
    EXAMPLE_PER_MINUTE: perMinuteSetting('EXAMPLE_PER_MINUTE', 10),
  };

  it("reads any shape with the setting builders' defaults and coercions", () => {
    expect(loadSettings(shape, { EXAMPLE_TOKEN: 't', EXAMPLE_VERBOSE: 'true' })).toEqual({
      EXAMPLE_TOKEN: 't',
      EXAMPLE_PORT: 4000,
      EXAMPLE_VERBOSE: true,
      EXAMPLE_PER_MINUTE: 10,
    });
    expect(loadSettings(shape, { EXAMPLE_TOKEN: 't', EXAMPLE_PORT: '0', EXAMPLE_VERBOSE: '0', EXAMPLE_PER_MINUTE: '0' })).toMatchObject({
      EXAMPLE_PORT: 0,
      EXAMPLE_VERBOSE: false,
      EXAMPLE_PER_MINUTE: 0,
    });
  });

  it('lists every problem in one ConfigError, an empty variable counting as unset', () => {
    let error: unknown;
    try {
      loadSettings(shape, { EXAMPLE_TOKEN: '', EXAMPLE_PORT: '70000', EXAMPLE_VERBOSE: 'yes', EXAMPLE_PER_MINUTE: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as Error).message.split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    expect(lines.slice(1)).toEqual([
      '  - EXAMPLE_TOKEN: is required but not set',
      expect.stringMatching(/^ {2}- EXAMPLE_PORT: /),
      '  - EXAMPLE_VERBOSE: EXAMPLE_VERBOSE must be true or false',
      '  - EXAMPLE_PER_MINUTE: EXAMPLE_PER_MINUTE must be 0 or more',
    ]);
  });
});
