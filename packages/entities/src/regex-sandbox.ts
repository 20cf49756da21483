import vm from 'node:vm';

// Admin-written regular expressions run inside a vm context with a time limit. V8's backtracking engine
// checks for interrupts while it backtracks, so `runInContext({ timeout })` stops even a catastrophic
// pattern such as ^(a+)+$ on "aaaa...!" (a test proves it): a pattern that got past the save-time check,
// or was written straight into the database, costs at most the message's budget, never a hung worker.
// Each timed call starts a watchdog thread (~0.1 ms), so all of a message's patterns share one call.

/** Most matches kept per pattern and message. */
export const MAX_MATCHES_PER_PATTERN = 100;

const SANDBOX_SOURCE = `
'use strict';
const patterns = [];
function compile(list) {
  for (const [source, flags] of list) {
    try { patterns.push(new RegExp(source, flags)); } catch { patterns.push(null); }
  }
}
function runJob(job) {
  for (; job.position < job.indices.length; job.position++) {
    const pattern = patterns[job.indices[job.position]];
    const found = [];
    if (pattern) {
      pattern.lastIndex = 0;
      let match;
      while (found.length < job.maxMatches * 3 && (match = pattern.exec(job.text)) !== null) {
        if (match[0].length === 0) {
          const unit = job.text.charCodeAt(match.index);
          pattern.lastIndex = match.index + (unit >= 0xd800 && unit <= 0xdbff ? 2 : 1);
          continue;
        }
        found.push(match.index, match[0].length, match.length > 1 && match[1] !== undefined ? match[1] : null);
      }
    }
    job.results.push(found);
  }
}
`;

export interface SandboxPattern {
  source: string;
  flags: string;
}

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

interface Job {
  text: string;
  indices: number[];
  position: number;
  maxMatches: number;
  results: unknown[][];
}

const TIMEOUT_CODE = 'ERR_SCRIPT_EXECUTION_TIMEOUT';
const RUN_JOB = new vm.Script('runJob(job)', { filename: 'custom-entity-patterns' });

/** A set of compiled patterns in their own context, run with a hard time limit. */
export class RegexSandbox {
  private readonly context: vm.Context;

  constructor(patterns: readonly SandboxPattern[]) {
    this.context = vm.createContext({}, { name: 'custom-entity-patterns', codeGeneration: { strings: false, wasm: false } });
    new vm.Script(SANDBOX_SOURCE).runInContext(this.context);
    this.context.list = patterns.map(({ source, flags }) => [source, flags]);
    new vm.Script('compile(list)').runInContext(this.context);
    delete this.context.list;
  }

  /** Runs the patterns at `indices` over `text`, all within `timeoutMs` together. */
  run(text: string, indices: readonly number[], timeoutMs: number, maxMatches = MAX_MATCHES_PER_PATTERN): SandboxRun {
    const job: Job = { text, indices: [...indices], position: 0, maxMatches, results: [] };
    const deadline = performance.now() + timeoutMs;
    const unfinished: number[] = [];
    this.context.job = job;
    try {
      while (job.position < job.indices.length) {
        const remaining = Math.ceil(deadline - performance.now());
        if (remaining <= 0) break;
        try {
          RUN_JOB.runInContext(this.context, { timeout: remaining });
        } catch (error) {
          if ((error as { code?: unknown }).code !== TIMEOUT_CODE) throw error;
          // The pattern running when time was up gives nothing (unless it had just finished); the others
          // may still fit in what is left.
          if (job.results.length === job.position) {
            unfinished.push(job.indices[job.position] as number);
            job.results.push([]);
          }
          job.position++;
        }
      }
    } finally {
      delete this.context.job;
    }
    for (let position = job.position; position < job.indices.length; position++) unfinished.push(job.indices[position] as number);
    const matches = new Map<number, RegexMatch[]>();
    job.results.forEach((flat, position) => {
      const index = job.indices[position] as number;
      if (unfinished.includes(index)) return;
      const list: RegexMatch[] = [];
      for (let i = 0; i + 2 < flat.length; i += 3) list.push({ index: flat[i] as number, length: flat[i + 1] as number, group: flat[i + 2] as string | null });
      matches.set(index, list);
    });
    return { matches, unfinished };
  }
}
