import { describe, expect, it } from 'vitest';
import { checkTrainingData } from './dataset-check';

describe('checkTrainingData', () => {
  const examples = (intent: string, count: number) => Array.from({ length: count }, (_, i) => ({ text: `${intent} ${i}`, intent }));

  it('finds nothing wrong with enough examples per intent', () => {
    expect(checkTrainingData([...examples('greet', 5), ...examples('bye', 5)])).toEqual([]);
  });

  it('errors on an intent with a single example, naming it', () => {
    const issues = checkTrainingData([...examples('greet', 5), ...examples('refund', 1)]);
    expect(issues).toEqual([expect.objectContaining({ level: 'error', message: expect.stringContaining('"refund" has a single example') })]);
  });

  it('warns about intents with fewer examples than asked for', () => {
    const issues = checkTrainingData([...examples('greet', 5), ...examples('bye', 3)], { minExamplesPerIntent: 4 });
    expect(issues).toEqual([{ level: 'warning', message: expect.stringContaining('"bye" has only 3 examples') }]);
  });

  it('warns about the same text labelled with different intents', () => {
    const conflicting = [...examples('greet', 5), ...examples('bye', 5), { text: 'GREET  0', intent: 'bye' }];
    expect(checkTrainingData(conflicting)).toEqual([{ level: 'warning', message: '"greet 0" is labelled with conflicting intents: bye, greet' }]);
  });

  it('errors on empty data and on a single intent', () => {
    expect(checkTrainingData([])).toEqual([{ level: 'error', message: 'the training data is empty' }]);
    expect(checkTrainingData(examples('greet', 5))).toEqual([{ level: 'error', message: expect.stringContaining('at least 2 intents') }]);
  });
});
