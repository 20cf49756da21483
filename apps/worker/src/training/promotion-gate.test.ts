import { describe, expect, it } from 'vitest';
import { decidePromotion } from './promotion-gate';

describe('decidePromotion', () => {
  it('promotes a model that is better than the active one', () => {
    expect(decidePromotion(0.9, { version: 'v1', macroF1: 0.85 }, 0.01)).toMatchObject({ promote: true, activeVersion: 'v1', activeMacroF1: 0.85 });
  });

  it('promotes a model that is worse by no more than the margin', () => {
    expect(decidePromotion(0.845, { version: 'v1', macroF1: 0.85 }, 0.01).promote).toBe(true);
  });

  it('leaves a model that is worse by more than the margin waiting for an admin, and says why', () => {
    const decision = decidePromotion(0.83, { version: 'v1', macroF1: 0.85 }, 0.01);
    expect(decision.promote).toBe(false);
    expect(decision.reason).toBe('waiting for an admin: macro-F1 0.8300 vs 0.8500 for the active model v1 (allowed drop 0.01)');
  });

  it('promotes the first model when none is active', () => {
    expect(decidePromotion(0.5, null, 0)).toMatchObject({ promote: true, activeVersion: null, reason: 'no model was active' });
  });

  it('does not promote over an active model that could not be evaluated', () => {
    const decision = decidePromotion(0.99, { version: 'v1', error: 'artefact missing' }, 0.01);
    expect(decision.promote).toBe(false);
    expect(decision.reason).toContain('artefact missing');
  });
});
