import { describe, expect, it } from 'vitest';
import { slotsForEntityExtraction } from './extraction';
import { emptyDialogueState } from './state';
import { DEFAULT_FORMS } from './testing/forms';

const inScope = (intent: string | null) => ({ intent, outOfScope: intent === null });

describe('slotsForEntityExtraction', () => {
  it("asks for the predicted intent's form's entity types, leaving free text out", () => {
    expect(slotsForEntityExtraction(emptyDialogueState(), inScope('cancel_order'), DEFAULT_FORMS)).toEqual(new Set(['number', 'email']));
    expect(slotsForEntityExtraction(emptyDialogueState(), inScope('change_address'), DEFAULT_FORMS)).toEqual(new Set(['number']));
  });

  it("asks for the active form's types too, whatever the prediction", () => {
    const state = { ...emptyDialogueState(), form: { intent: 'cancel_order', asking: 'email', retries: 0, confirming: false } };
    expect(slotsForEntityExtraction(state, inScope(null), DEFAULT_FORMS)).toEqual(new Set(['number', 'email']));
  });

  it('asks for nothing when no form is involved, so the worker skips extraction', () => {
    expect(slotsForEntityExtraction(emptyDialogueState(), inScope('greeting'), DEFAULT_FORMS).size).toBe(0);
    expect(slotsForEntityExtraction(emptyDialogueState(), inScope(null), DEFAULT_FORMS).size).toBe(0);
    expect(slotsForEntityExtraction(emptyDialogueState(), { intent: 'order_status', outOfScope: true }, DEFAULT_FORMS).size).toBe(0);
  });
});
