import { loadSettings } from '@chatbot/core';
import { describe, expect, it } from 'vitest';
import { webSettings } from './web-settings';

describe('web chat settings', () => {
  it('applies defaults for optional settings', () => {
    expect(loadSettings(webSettings, {})).toMatchObject({ PORT: 3000, HOST: '0.0.0.0' });
  });

  it('coerces numbers from the environment', () => {
    expect(loadSettings(webSettings, { PORT: '8080' }).PORT).toBe(8080);
  });

  it('names a bad PORT', () => {
    expect(() => loadSettings(webSettings, { PORT: 'eighty' })).toThrow(/PORT: /);
  });

  it('treats an empty variable as unset', () => {
    expect(loadSettings(webSettings, { PORT: '' }).PORT).toBe(3000);
  });

  it('reads the web chat limits, where 0 means no limit, and whether to trust a proxy', () => {
    expect(loadSettings(webSettings, {})).toMatchObject({ WEB_MESSAGES_PER_MINUTE: 30, WEB_SESSIONS_PER_MINUTE: 60, WEB_TRUST_PROXY: false });
    expect(loadSettings(webSettings, { WEB_MESSAGES_PER_MINUTE: '0', WEB_TRUST_PROXY: '1' })).toMatchObject({ WEB_MESSAGES_PER_MINUTE: 0, WEB_TRUST_PROXY: true });
    expect(() => loadSettings(webSettings, { WEB_SESSIONS_PER_MINUTE: 'lots' })).toThrow(/WEB_SESSIONS_PER_MINUTE must be a whole number/);
    expect(() => loadSettings(webSettings, { WEB_MESSAGES_PER_MINUTE: '-1' })).toThrow(/WEB_MESSAGES_PER_MINUTE must be 0 or more/);
  });
});
