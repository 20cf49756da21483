import { detectLanguage } from '@chatbot/nlp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, trainIntentModel } from './index';
import { encodeText } from './input-encoding';
import { probabilitiesWithTfjs, type TfjsIntentModel } from './intent-model';
import { decide } from './prediction';
import { OUT_OF_SCOPE_TRAIN, QUICK, TRAIN } from './testing/fixtures';

describe('the WebAssembly serving path', () => {
  let model: TfjsIntentModel;
  beforeAll(async () => {
    await initBackend('wasm');
    model = (await trainIntentModel(TRAIN, { ...QUICK, outOfScope: OUT_OF_SCOPE_TRAIN })) as TfjsIntentModel;
  });
  afterAll(() => model.dispose());

  it('predicts exactly what the tfjs head predicts', () => {
    const texts = [...TRAIN, ...OUT_OF_SCOPE_TRAIN].map((e) => e.text).concat(['', 'refund where order hello', '完全不相关的句子']);
    const encoded = texts.map((t) => encodeText(t, model.network.input));
    const probabilities = probabilitiesWithTfjs(model.network, encoded);
    const { labels, outOfScopeLabel, threshold } = model.metadata;
    const rule = { labels, outOfScopeIndex: outOfScopeLabel ? labels.indexOf(outOfScopeLabel) : -1, threshold, topK: 3 };
    const viaTfjs = texts.map((text, i) => decide(probabilities, i * labels.length, rule, detectLanguage(text), encoded[i]!.length > 0));
    const viaFastPath = model.predictBatch(texts);

    const decision = (p: (typeof viaTfjs)[number]) => ({ intent: p.intent, outOfScope: p.outOfScope, top: p.top.map((t) => t.intent) });
    expect(viaFastPath.map(decision)).toEqual(viaTfjs.map(decision));
    viaFastPath.forEach((p, i) => p.top.forEach((t, k) => expect(t.score).toBeCloseTo(viaTfjs[i]!.top[k]!.score, 6)));
    expect(new Set(viaTfjs.map((p) => p.top[0]!.intent)).size).toBeGreaterThan(1);
  });
});
