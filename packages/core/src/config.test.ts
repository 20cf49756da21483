import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { ConfigError } from './settings';

describe('loadConfig', () => {
  it('applies defaults for optional settings', () => {
    const config = loadConfig(['api', 'model'], {});
    expect(config).toMatchObject({ API_PORT: 3001, HOST: '0.0.0.0', MODEL_DIR: '.data/models', MODEL_BACKEND: 'auto' });
  });

  it('coerces numbers from the environment', () => {
    expect(loadConfig(['api'], { API_PORT: '8080' }).API_PORT).toBe(8080);
  });

  it('lists every missing or invalid variable in one clear error', () => {
    let error: unknown;
    try {
      loadConfig(['redis', 'database', 'api'], { API_PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('REDIS_URL: is required but not set');
    expect(message).toContain('DATABASE_URL: DATABASE_URL must be a postgresql:// URL');
    expect(message).toMatch(/API_PORT: /);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(['api'], { API_PORT: '' }).API_PORT).toBe(3001);
  });

  it('reads the training switch and the promotion margin of the worker', () => {
    expect(loadConfig(['worker'], {})).toMatchObject({ TRAINING_ENABLED: true, PROMOTION_MAX_MACRO_F1_DROP: 0.01 });
    expect(loadConfig(['worker'], { TRAINING_ENABLED: 'false', PROMOTION_MAX_MACRO_F1_DROP: '0.05' })).toMatchObject({
      TRAINING_ENABLED: false,
      PROMOTION_MAX_MACRO_F1_DROP: 0.05,
    });
    expect(() => loadConfig(['worker'], { TRAINING_ENABLED: 'maybe' })).toThrow(/TRAINING_ENABLED must be true or false/);
  });

  it('reads the time zone the bot reads dates in: UTC unless given, and refuses one that is not an IANA zone', () => {
    expect(loadConfig(['worker'], {}).BOT_TIME_ZONE).toBe('UTC');
    expect(loadConfig(['worker'], { BOT_TIME_ZONE: 'Asia/Shanghai' }).BOT_TIME_ZONE).toBe('Asia/Shanghai');
    expect(() => loadConfig(['worker'], { BOT_TIME_ZONE: 'Mars/Olympus' })).toThrow(/BOT_TIME_ZONE must be an IANA time zone .* got "Mars\/Olympus"/);
  });

  it("reads the operator's fallback threshold, unset unless given, and refuses one outside 0..1", () => {
    expect(loadConfig(['worker'], {}).NLU_THRESHOLD).toBeUndefined();
    expect(loadConfig(['worker'], { NLU_THRESHOLD: '0.6' }).NLU_THRESHOLD).toBe(0.6);
    for (const bad of ['1.5', '-0.1', 'high']) {
      expect(() => loadConfig(['worker'], { NLU_THRESHOLD: bad })).toThrow(/NLU_THRESHOLD must be a number from 0 to 1/);
    }
  });

  it('reads the retention period, unset unless given, and refuses one below a day', () => {
    expect(loadConfig(['worker'], {}).CONVERSATION_RETENTION_DAYS).toBeUndefined();
    expect(loadConfig(['worker'], { CONVERSATION_RETENTION_DAYS: '90' }).CONVERSATION_RETENTION_DAYS).toBe(90);
    expect(() => loadConfig(['worker'], { CONVERSATION_RETENTION_DAYS: '0' })).toThrow(/CONVERSATION_RETENTION_DAYS must be at least 1/);
    expect(() => loadConfig(['worker'], { CONVERSATION_RETENTION_DAYS: '1.5' })).toThrow(/whole number of days/);
  });

  it('rejects an unknown model backend', () => {
    expect(() => loadConfig(['model'], { MODEL_BACKEND: 'gpu-please' })).toThrow(/MODEL_BACKEND/);
  });
});
