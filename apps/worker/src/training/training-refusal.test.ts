import { describe, expect, it } from 'vitest';
import { buildTrainingSplit, type Example } from '@chatbot/nlp';
import { assertEnoughExamples, TrainingRefusedError } from './training-refusal';

/** `count` examples of each intent: "<intent> example <i>". */
function examples(intents: string[], count: number): Example[] {
  return intents.flatMap((intent) => Array.from({ length: count }, (_, i) => ({ text: `${intent} example ${i}`, intent })));
}

const bot = { train: examples(['greeting', 'order_status', 'refund'], 20), outOfScope: [] };
const labelled = (text: string, intent: string | null) => ({ text, intent });

describe('assertEnoughExamples', () => {
  it('refuses, naming each intent with too few examples', () => {
    const { split } = buildTrainingSplit(bot, [labelled('gift wrap please', 'gift_wrap'), labelled('wrap it up', 'gift_wrap'), labelled('ribbon?', 'ribbons')]);
    expect(() => assertEnoughExamples(split, 5)).toThrow(TrainingRefusedError);
    expect(() => assertEnoughExamples(split, 5)).toThrow(
      'training refused: intent "gift_wrap" has 2 examples, at least 5 are needed (label more messages with it); intent "ribbons" has 1 example, at least 5 are needed (label more messages with it)',
    );
  });

  it('accepts data where every intent has enough examples, with the minimum it is given', () => {
    expect(() => assertEnoughExamples(buildTrainingSplit(bot, []).split, 5)).not.toThrow();
    expect(() => assertEnoughExamples(buildTrainingSplit(bot, []).split, 21)).toThrow(/at least 21 are needed/);
  });

  it('refuses data with a single intent', () => {
    const { split } = buildTrainingSplit({ train: examples(['greeting'], 10), outOfScope: [] }, []);
    expect(() => assertEnoughExamples(split, 5)).toThrow(/at least 2 intents/);
  });
});
