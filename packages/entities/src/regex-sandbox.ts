import { REQUEST_CAPACITY, runOnRegexThread, type ThreadPattern } from './regex-thread';

// A bot's regex entities, run with a hard time limit on the pattern thread (see regex-thread.ts): a
// pattern that got past the save-time check, or was written straight into the database, costs at most
// the message's budget, never a hung worker.

/** Most matches kept per pattern and message. */
export const MAX_MATCHES_PER_PATTERN = 100;

export type SandboxPattern = ThreadPattern;

export interface RegexMatch {
  index: number;
  length: number;
  /** The first capture group, when the pattern has one and it took part in the match. */
  group: string | null;
}

export interface SandboxRun {
  /** Matches per requested pattern index (absent for those that did not finish). */
  matches: Map<number, RegexMatch[]>;
  /** Pattern indices that were stopped by the time limit or never started. */
  unfinished: number[];
}

/** A set of patterns, run with a hard time limit. */
export class RegexSandbox {
  /** Each pattern's share of a request (its JSON), worked out once rather than for every message. */
  private readonly costs: number[];

  constructor(private readonly patterns: readonly SandboxPattern[]) {
    this.costs = patterns.map(({ source, flags }) => JSON.stringify(source).length + JSON.stringify(flags).length + 4);
  }

  /** Runs the patterns at `indices` over `text`, all within `timeoutMs` together. */
  run(text: string, indices: readonly number[], timeoutMs: number, maxMatches = MAX_MATCHES_PER_PATTERN): SandboxRun {
    const deadline = performance.now() + timeoutMs;
    const matches = new Map<number, RegexMatch[]>();
    const unfinished: number[] = [];
    for (const part of requestParts(text, indices, this.costs)) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        unfinished.push(...part);
        continue;
      }
      const patterns = part.map((index) => this.patterns[index] ?? { source: '(?!)', flags: 'u' });
      const run = runOnRegexThread(text, patterns, maxMatches, remaining);
      part.forEach((index, position) => {
        const found = run.finished[position];
        if (found === undefined) {
          unfinished.push(index);
          return;
        }
        matches.set(
          index,
          found.map(({ index: start, length, group }) => ({ index: start, length, group: group === null ? null : text.slice(group.start, group.end) })),
        );
      });
    }
    return { matches, unfinished };
  }
}

/** The indices in runs whose requests fit the thread's request buffer (almost always one run). */
function requestParts(text: string, indices: readonly number[], costs: readonly number[]): number[][] {
  // At most six units per character once in JSON ("\u0000"): a bound, without serialising the text here too.
  const base = text.length * 6 + 64;
  const parts: number[][] = [];
  let part: number[] = [];
  let size = base;
  for (const index of indices) {
    const cost = costs[index] ?? 16;
    if (part.length > 0 && size + cost > REQUEST_CAPACITY) {
      parts.push(part);
      part = [];
      size = base;
    }
    part.push(index);
    size += cost;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}
