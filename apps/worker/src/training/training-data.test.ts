import { describe, expect, it } from 'vitest';
import { OUT_OF_SCOPE, type Example } from '@chatbot/nlp';
import { assertEnoughExamples, buildTrainingSplit, splitBaseData, TrainingRefusedError } from './training-data';

/** `count` examples of each intent: "<intent> example <i>". */
function examples(intents: string[], count: number): Example[] {
  return intents.flatMap((intent) => Array.from({ length: count }, (_, i) => ({ text: `${intent} example ${i}`, intent })));
}

const bot = {
  train: examples(['greeting', 'order_status', 'refund'], 20),
  outOfScope: Array.from({ length: 10 }, (_, i) => ({ text: `weather question ${i}`, intent: 'anything' })),
};
const labelled = (text: string, intent: string | null, turnId = text) => ({ turnId, text, intent });
const all = (split: ReturnType<typeof splitBaseData>) => [...split.train, ...split.validation, ...split.outOfScopeTrain, ...split.outOfScopeValidation];

describe('buildTrainingSplit', () => {
  it('without labels is exactly the split the default model was trained with', () => {
    expect(buildTrainingSplit(bot, []).split).toEqual(splitBaseData(bot));
  });

  it('holds out part of every intent, and of the out-of-scope examples, under the out-of-scope intent', () => {
    const { split } = buildTrainingSplit(bot, []);
    for (const intent of ['greeting', 'order_status', 'refund']) {
      expect(split.validation.filter((e) => e.intent === intent)).toHaveLength(2);
      expect(split.train.filter((e) => e.intent === intent)).toHaveLength(18);
    }
    expect([...split.outOfScopeTrain, ...split.outOfScopeValidation].every((e) => e.intent === OUT_OF_SCOPE)).toBe(true);
    expect(split.outOfScopeValidation).toHaveLength(3);
  });

  it('adds labelled messages, split stratified, with out-of-scope labels among the out-of-scope examples', () => {
    const gifts = Array.from({ length: 10 }, (_, i) => labelled(`can you gift wrap parcel ${i}`, 'gift_wrap'));
    const { split, summary } = buildTrainingSplit(bot, [...gifts, labelled('tell me a joke', null)]);
    expect(split.train.filter((e) => e.intent === 'gift_wrap')).toHaveLength(8);
    expect(split.validation.filter((e) => e.intent === 'gift_wrap')).toHaveLength(2);
    expect(split.outOfScopeTrain).toContainEqual({ text: 'tell me a joke', intent: OUT_OF_SCOPE });
    expect(summary).toMatchObject({ labelled: 11, intents: 4, baseOverriddenByLabels: 0 });
  });

  it('lets a label win over base data with the same (normalised) text, and the newest label win over older ones', () => {
    const base = splitBaseData(bot);
    const heldOutText = base.validation[0]!.text;
    const { split, summary } = buildTrainingSplit(bot, [
      labelled(`  ${heldOutText.toUpperCase()} `, 'refund', 't1'),
      labelled('greeting example 3', 'order_status', 't2'),
      labelled('Greeting Example 3', 'complaint', 't3'),
    ]);
    const texts = all(split).map((e) => e.text.trim().toLowerCase());
    expect(texts.filter((t) => t === heldOutText.toLowerCase())).toHaveLength(1);
    expect(all(split).filter((e) => e.text.toLowerCase() === 'greeting example 3')).toEqual([{ text: 'Greeting Example 3', intent: 'complaint' }]);
    expect(summary.baseOverriddenByLabels).toBe(2);
  });

  it('keeps a text repeated in the base data once, never on both sides of the split', () => {
    const repeated = { text: 'Hello there', intent: 'greeting' };
    const { split } = buildTrainingSplit({ ...bot, train: [...bot.train, ...Array.from({ length: 8 }, () => repeated)] }, []);
    expect(all(split).filter((e) => e.text === 'Hello there')).toHaveLength(1);
  });
});

describe('assertEnoughExamples', () => {
  it('refuses, naming each intent with too few examples', () => {
    const { split } = buildTrainingSplit(bot, [labelled('gift wrap please', 'gift_wrap'), labelled('wrap it up', 'gift_wrap'), labelled('ribbon?', 'ribbons')]);
    expect(() => assertEnoughExamples(split)).toThrow(TrainingRefusedError);
    expect(() => assertEnoughExamples(split)).toThrow(
      'training refused: intent "gift_wrap" has 2 examples, at least 5 are needed (label more messages with it); intent "ribbons" has 1 example, at least 5 are needed (label more messages with it)',
    );
  });

  it('accepts data where every intent has enough examples', () => {
    expect(() => assertEnoughExamples(buildTrainingSplit(bot, []).split)).not.toThrow();
  });

  it('refuses data with a single intent', () => {
    const { split } = buildTrainingSplit({ train: examples(['greeting'], 10), outOfScope: [] }, []);
    expect(() => assertEnoughExamples(split)).toThrow(/at least 2 intents/);
  });
});
