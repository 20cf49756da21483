import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildTrainingSplit, intentCount, intentShortfalls, readBaseTrainingData, splitBaseData } from './training-split';
import { OUT_OF_SCOPE, type Example } from './types';

/** `count` examples of each intent: "<intent> example <i>". */
function examples(intents: string[], count: number): Example[] {
  return intents.flatMap((intent) => Array.from({ length: count }, (_, i) => ({ text: `${intent} example ${i}`, intent })));
}

const bot = {
  train: examples(['greeting', 'order_status', 'refund'], 20),
  outOfScope: Array.from({ length: 10 }, (_, i) => ({ text: `weather question ${i}`, intent: 'anything' })),
};
const labelled = (text: string, intent: string | null) => ({ text, intent });
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
      labelled(`  ${heldOutText.toUpperCase()} `, 'refund'),
      labelled('greeting example 3', 'order_status'),
      labelled('Greeting Example 3', 'complaint'),
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

describe('intentShortfalls', () => {
  it('names each intent with fewer examples than the minimum in training plus validation data, by name', () => {
    const { split } = buildTrainingSplit(bot, [labelled('ribbon?', 'ribbons'), labelled('gift wrap please', 'gift_wrap'), labelled('wrap it up', 'gift_wrap')]);
    expect(intentShortfalls(split, 5)).toEqual([
      { intent: 'gift_wrap', examples: 2 },
      { intent: 'ribbons', examples: 1 },
    ]);
    expect(intentShortfalls(split, 1)).toEqual([]);
    expect(intentShortfalls(split, 21)).toHaveLength(5);
    expect(intentCount(split)).toBe(5);
  });
});

describe('readBaseTrainingData', () => {
  it("reads a bot directory's train.jsonl and oos.jsonl", async () => {
    const base = await readBaseTrainingData(fileURLToPath(new URL('../../../data/default-bot/', import.meta.url)));
    expect(base.train.length).toBeGreaterThan(1000);
    expect(base.outOfScope.length).toBeGreaterThan(100);
  });
});
