import { DEFAULT_MIN_EXAMPLES_PER_INTENT } from '@chatbot/core';
import { normalizeText } from './normalise';
import type { Example } from './types';

export interface DatasetIssue {
  level: 'error' | 'warning';
  message: string;
}

/**
 * Problems to report before training: errors make training pointless (no data, one intent,
 * an intent with a single example that cannot be both learnt and validated), warnings deserve
 * a look (few examples, the same normalised text labelled with different intents).
 */
export function checkTrainingData(examples: readonly Example[], options: { minExamplesPerIntent?: number } = {}): DatasetIssue[] {
  const minExamplesPerIntent = options.minExamplesPerIntent ?? DEFAULT_MIN_EXAMPLES_PER_INTENT;
  const issues: DatasetIssue[] = [];
  if (examples.length === 0) return [{ level: 'error', message: 'the training data is empty' }];

  const countByIntent = new Map<string, number>();
  for (const { intent } of examples) countByIntent.set(intent, (countByIntent.get(intent) ?? 0) + 1);
  if (countByIntent.size < 2) {
    issues.push({ level: 'error', message: `a classifier needs at least 2 intents, found only "${examples[0]!.intent}"` });
  }
  for (const [intent, count] of [...countByIntent].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (count === 1) {
      issues.push({ level: 'error', message: `intent "${intent}" has a single example; add at least ${Math.max(2, minExamplesPerIntent)}` });
    } else if (count < minExamplesPerIntent) {
      issues.push({ level: 'warning', message: `intent "${intent}" has only ${count} examples; ${minExamplesPerIntent} or more give better results` });
    }
  }

  const intentsByText = new Map<string, Set<string>>();
  for (const { text, intent } of examples) {
    const key = normalizeText(text);
    const intents = intentsByText.get(key) ?? new Set<string>();
    intents.add(intent);
    intentsByText.set(key, intents);
  }
  for (const [text, intents] of intentsByText) {
    if (intents.size > 1) {
      issues.push({ level: 'warning', message: `"${text}" is labelled with conflicting intents: ${[...intents].sort().join(', ')}` });
    }
  }
  return issues;
}
