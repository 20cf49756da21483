import { GatewayCloseCodes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { explainLoginFailure } from './login-failure';

describe('Discord login failures', () => {
  it('names the setting to fix for a refused token (gateway 4004 or REST 401) and for a missing intent (4014)', () => {
    expect(explainLoginFailure(new Error('Authentication failed'), GatewayCloseCodes.AuthenticationFailed).message).toMatch(/DISCORD_TOKEN/);
    expect(explainLoginFailure(Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' }), undefined).message).toMatch(/DISCORD_TOKEN/);
    expect(explainLoginFailure(new Error('Used disallowed intents'), GatewayCloseCodes.DisallowedIntents).message).toMatch(/Message Content Intent/);
    expect(explainLoginFailure(new Error('connect ECONNREFUSED'), undefined).message).toBe('Could not connect to Discord: connect ECONNREFUSED');
  });
});
