import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, trainIntentModel, type IntentModel } from './index';
import { QUICK, TRAIN } from './testing/fixtures';

describe('predicting on bad input never crashes', () => {
  let model: IntentModel;
  beforeAll(async () => {
    await initBackend('wasm');
    model = await trainIntentModel(TRAIN, QUICK);
  });
  afterAll(() => model.dispose());

  const wellFormed = (text: string) => {
    const prediction = model.predict(text);
    expect(prediction.top).toHaveLength(3);
    expect(Number.isFinite(prediction.confidence)).toBe(true);
    expect(prediction.intent === null).toBe(prediction.outOfScope);
    return prediction;
  };

  it.each([
    ['empty text', ''],
    ['only whitespace', '   \n\t '],
    ['only punctuation', '?!... ,;:'],
    ['only emoji', '😀🎉👍🏽'],
  ])('%s is out of scope', (_, text) => {
    expect(wellFormed(text)).toMatchObject({ outOfScope: true, intent: null });
  });

  it('handles a 10,000-character text', () => {
    wellFormed('where is my order '.repeat(600).slice(0, 10_000));
    wellFormed('x'.repeat(10_000));
  });

  it('handles mixed Chinese and English', () => {
    const prediction = wellFormed('我想 refund 我的 order');
    expect(['zh', 'en']).toContain(prediction.language);
  });

  it('handles scripts it has never seen', () => {
    expect(wellFormed('ሰላም ነው? ანბანი').language).toBe('other');
    wellFormed('\u0000\uFFFF\uD800 lone surrogate');
  });

  it('answers a batch with one prediction per text, empty batch included', () => {
    expect(model.predictBatch([])).toEqual([]);
    expect(model.predictBatch(['', 'hello', '😀'])).toHaveLength(3);
  });
});
