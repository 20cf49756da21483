import { createHash } from 'node:crypto';
import { checkTrainingData, OUT_OF_SCOPE, type Example } from '@chatbot/nlp';
import { z } from 'zod';
import { TrainingDataError } from './errors';

const exampleSchema = z.object({ text: z.string(), intent: z.string().trim().min(1) });

/** Checks examples that may come from outside (zod), naming the first bad ones by position. */
function parseExamples(examples: readonly unknown[], what: string): Example[] {
  const problems: string[] = [];
  const parsed: Example[] = [];
  examples.forEach((example, index) => {
    const result = exampleSchema.safeParse(example);
    if (result.success) parsed.push(result.data);
    else if (problems.length < 10) {
      problems.push(`${what} example ${index}: ${result.error.issues.map((i) => `${i.path.join('.') || 'example'} ${i.message}`).join(', ')}`);
    }
  });
  if (problems.length > 0) throw new TrainingDataError(problems);
  return parsed;
}

export interface PreparedData {
  train: Example[];
  /** In-scope validation examples, when given. */
  validation: Example[] | undefined;
  outOfScopeValidation: Example[];
  warnings: string[];
}

/**
 * Validates everything before any training starts. Out-of-scope examples join the training and
 * validation data under the OUT_OF_SCOPE label, whatever intent they were given.
 */
export function prepareTrainingData(
  train: readonly unknown[],
  options: { validation?: readonly unknown[]; outOfScope?: readonly unknown[]; outOfScopeValidation?: readonly unknown[] },
): PreparedData {
  const asOutOfScope = (examples: Example[]) => examples.map(({ text }) => ({ text, intent: OUT_OF_SCOPE }));
  const all = [...parseExamples(train, 'training'), ...asOutOfScope(parseExamples(options.outOfScope ?? [], 'out-of-scope training'))];
  const issues = checkTrainingData(all);
  const errors = issues.filter((i) => i.level === 'error').map((i) => i.message);
  if (errors.length > 0) throw new TrainingDataError(errors);

  const validation = options.validation ? parseExamples(options.validation, 'validation') : undefined;
  const outOfScopeValidation = asOutOfScope(parseExamples(options.outOfScopeValidation ?? [], 'out-of-scope validation'));
  return { train: all, validation, outOfScopeValidation, warnings: issues.filter((i) => i.level === 'warning').map((i) => i.message) };
}

/** Identifies the training data a model was made from (order-independent). */
export function hashTrainingData(examples: readonly Example[]): string {
  const lines = examples.map((e) => JSON.stringify([e.text, e.intent])).sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return `sha256:${hash.digest('hex')}`;
}
