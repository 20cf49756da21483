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
    expect(loadSettings(webSettings, { WEB_MESSAGES_PER_MINUTE: '0', WEB_TRUST_PROXY: '1' })).toMatchObject({ WEB_MESSAGES_PER_MINUTE: 0, WEB_TRUST_PROXY: 1 });
    expect(() => loadSettings(webSettings, { WEB_SESSIONS_PER_MINUTE: 'lots' })).toThrow(/WEB_SESSIONS_PER_MINUTE must be a whole number/);
    expect(() => loadSettings(webSettings, { WEB_MESSAGES_PER_MINUTE: '-1' })).toThrow(/WEB_MESSAGES_PER_MINUTE must be 0 or more/);
  });
});

describe('WEB_TRUST_PROXY', () => {
  const trust = (value: string) => loadSettings(webSettings, { WEB_TRUST_PROXY: value }).WEB_TRUST_PROXY;

  it('trusts proxy hops, never every X-Forwarded-For entry: true is the one proxy in front', () => {
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('true')).toBe(1);
    expect(trust('2')).toBe(2);
  });

  it('trusts the proxies at the given addresses or ranges', () => {
    expect(trust('10.0.0.0/8, 127.0.0.1')).toBe('10.0.0.0/8,127.0.0.1');
    expect(trust('::1')).toBe('::1');
  });

  it('names a value it cannot read', () => {
    expect(() => trust('yes please')).toThrow(/WEB_TRUST_PROXY must be false, true, a number of proxies/);
  });
});
