import { Worker } from 'node:worker_threads';

// Admin-written regular expressions run on a thread of their own, so a catastrophic one can be stopped:
// V8's backtracking engine checks for interrupts while it backtracks, and `Worker#terminate` interrupts
// even ^(a+)+$ on "aaaa...!" (a test proves it). The caller blocks on the shared memory with a time
// limit (Atomics.wait) and, when it runs out, terminates the thread and starts another.
//
// Why not `vm.runInContext({ timeout })`, which did this before: each timed call starts a watchdog
// thread, 80 µs on an idle machine and 350 µs when both cores are busy, paid on every message. A
// round trip through shared memory to a thread that is already running costs 10 to 30 µs.
//
// Protocol, over one SharedArrayBuffer: the caller writes the request (JSON: text, patterns, match cap)
// as UTF-16 units and sets STATE to REQUEST; the thread sets STATE to RUNNING, runs the patterns in
// order, appends each one's matches to the results and counts it in FINISHED (so what finished before
// a stopped pattern is kept), then sets STATE to DONE. The caller reads the results and sets STATE
// back to IDLE. The time limit counts from RUNNING: on a busy machine the sleeping thread may wait
// tens of milliseconds for a core, and that wait is no pattern's fault (it once made a valid order
// number look like no order number).

// STATE is 0 while the thread starts.
const IDLE = 1;
const REQUEST = 2;
const DONE = 3;
const RUNNING = 4;

const STATE = 0;
const REQUEST_LENGTH = 1;
const FINISHED = 2;
const CONTROL_INTS = 4;

/** UTF-16 units a request may take (2 MiB); a larger one is sent in parts. */
export const REQUEST_CAPACITY = 1 << 20;
/** Int32 slots for results (4 MiB); each match takes four. */
const RESULT_CAPACITY = 1 << 20;
/** How long a caller waits for a new thread to start before giving up on this run. */
const BOOT_LIMIT_MS = 5000;
/** How long a caller waits for the thread to take a request up before giving up on this run. */
const PICKUP_LIMIT_MS = 1000;

const THREAD_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
const control = new Int32Array(workerData, 0, ${CONTROL_INTS});
const request = new Uint16Array(workerData, ${CONTROL_INTS * 4}, ${REQUEST_CAPACITY});
const results = new Int32Array(workerData, ${CONTROL_INTS * 4 + REQUEST_CAPACITY * 2}, ${RESULT_CAPACITY});
const compiled = new Map();

function compile(source, flags) {
  const key = flags + '/' + source;
  let pattern = compiled.get(key);
  if (pattern === undefined) {
    if (compiled.size >= 10000) compiled.clear();
    try { pattern = new RegExp(source, flags + 'd'); } catch { pattern = null; }
    compiled.set(key, pattern);
  }
  return pattern;
}

function readRequest() {
  const length = control[${REQUEST_LENGTH}];
  let json = '';
  for (let start = 0; start < length; start += 8192) json += String.fromCharCode.apply(null, request.subarray(start, Math.min(length, start + 8192)));
  return JSON.parse(json);
}

function runRequest() {
  const { text, patterns, maxMatches } = readRequest();
  let written = 0;
  for (let position = 0; position < patterns.length; position++) {
    const pattern = compile(patterns[position][0], patterns[position][1]);
    const countAt = written++;
    let count = 0;
    if (pattern) {
      pattern.lastIndex = 0;
      let match;
      while (count < maxMatches && written + 4 <= ${RESULT_CAPACITY} && (match = pattern.exec(text)) !== null) {
        if (match[0].length === 0) {
          const unit = text.charCodeAt(match.index);
          pattern.lastIndex = match.index + (unit >= 0xd800 && unit <= 0xdbff ? 2 : 1);
          continue;
        }
        const group = match.indices.length > 1 ? match.indices[1] : undefined;
        results[written++] = match.index;
        results[written++] = match[0].length;
        results[written++] = group ? group[0] : -1;
        results[written++] = group ? group[1] : -1;
        count++;
      }
    }
    results[countAt] = count;
    Atomics.store(control, ${FINISHED}, position + 1);
  }
}

Atomics.store(control, ${STATE}, ${IDLE});
Atomics.notify(control, ${STATE});
for (;;) {
  const state = Atomics.load(control, ${STATE});
  if (state !== ${REQUEST}) { Atomics.wait(control, ${STATE}, state); continue; }
  Atomics.store(control, ${STATE}, ${RUNNING});
  Atomics.notify(control, ${STATE});
  try { runRequest(); } catch { /* a malformed request finishes with what it has */ }
  Atomics.store(control, ${STATE}, ${DONE});
  Atomics.notify(control, ${STATE});
}
`;

export interface ThreadPattern {
  source: string;
  flags: string;
}

export interface ThreadMatch {
  index: number;
  length: number;
  /** Where the first capture group matched, or null when it did not take part (or there is none). */
  group: { start: number; end: number } | null;
}

export interface ThreadRun {
  /** Matches of the patterns that finished, in request order: the first `finished.length` of them. */
  finished: ThreadMatch[][];
}

class RegexThread {
  private readonly memory = new SharedArrayBuffer(CONTROL_INTS * 4 + REQUEST_CAPACITY * 2 + RESULT_CAPACITY * 4);
  private readonly control = new Int32Array(this.memory, 0, CONTROL_INTS);
  private readonly request = new Uint16Array(this.memory, CONTROL_INTS * 4, REQUEST_CAPACITY);
  private readonly results = new Int32Array(this.memory, CONTROL_INTS * 4 + REQUEST_CAPACITY * 2, RESULT_CAPACITY);
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(THREAD_SOURCE, { eval: true, workerData: this.memory, name: 'custom-entity-patterns' });
    // The thread never holds the process open, and a failure to start shows as unfinished runs.
    this.worker.unref();
    this.worker.on('error', () => undefined);
  }

  /** Runs the patterns over `text`; `stopped` when the time ran out (or the thread never started). */
  run(text: string, patterns: readonly ThreadPattern[], maxMatches: number, timeoutMs: number): { run: ThreadRun; stopped: boolean } {
    if (!this.waitFor(IDLE, BOOT_LIMIT_MS)) return { run: { finished: [] }, stopped: true };
    const json = JSON.stringify({ text, patterns: patterns.map(({ source, flags }) => [source, flags]), maxMatches });
    if (json.length > REQUEST_CAPACITY) throw new Error(`regex request of ${json.length} units exceeds ${REQUEST_CAPACITY}`);
    for (let i = 0; i < json.length; i++) this.request[i] = json.charCodeAt(i);
    this.control[REQUEST_LENGTH] = json.length;
    Atomics.store(this.control, FINISHED, 0);
    Atomics.store(this.control, STATE, REQUEST);
    Atomics.notify(this.control, STATE);
    const done = this.waitWhile(REQUEST, PICKUP_LIMIT_MS) && this.waitFor(DONE, timeoutMs);
    const run = { finished: this.readResults(Atomics.load(this.control, FINISHED)) };
    if (done) Atomics.store(this.control, STATE, IDLE);
    return { run, stopped: !done };
  }

  terminate(): void {
    void this.worker.terminate();
  }

  /** Waits until STATE is `state`; false when `timeoutMs` pass first. */
  private waitFor(state: number, timeoutMs: number): boolean {
    return this.waitUntil((current) => current === state, timeoutMs);
  }

  /** Waits until STATE is no longer `state`; false when `timeoutMs` pass first. */
  private waitWhile(state: number, timeoutMs: number): boolean {
    return this.waitUntil((current) => current !== state, timeoutMs);
  }

  private waitUntil(reached: (state: number) => boolean, timeoutMs: number): boolean {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const current = Atomics.load(this.control, STATE);
      if (reached(current)) return true;
      const remaining = deadline - performance.now();
      if (remaining <= 0) return false;
      Atomics.wait(this.control, STATE, current, remaining);
    }
  }

  private readResults(finished: number): ThreadMatch[][] {
    const lists: ThreadMatch[][] = [];
    let at = 0;
    for (let position = 0; position < finished; position++) {
      const count = this.results[at++] as number;
      const list: ThreadMatch[] = [];
      for (let i = 0; i < count; i++, at += 4) {
        const groupStart = this.results[at + 2] as number;
        list.push({
          index: this.results[at] as number,
          length: this.results[at + 1] as number,
          group: groupStart < 0 ? null : { start: groupStart, end: this.results[at + 3] as number },
        });
      }
      lists.push(list);
    }
    return lists;
  }
}

let thread: RegexThread | null = null;

/**
 * Runs `patterns` over `text` on the pattern thread, all within `timeoutMs` of running time (a thread
 * that is starting gets its own limit first). A run that is stopped returns what finished before it and
 * replaces the thread, whose next run waits for the new one to start.
 */
export function runOnRegexThread(text: string, patterns: readonly ThreadPattern[], maxMatches: number, timeoutMs: number): ThreadRun {
  thread ??= new RegexThread();
  const { run, stopped } = thread.run(text, patterns, maxMatches, timeoutMs);
  if (stopped) {
    thread.terminate();
    thread = new RegexThread();
  }
  return run;
}

/** Starts the pattern thread ahead of the first message (it takes some 40 ms). */
export function startRegexThread(): void {
  thread ??= new RegexThread();
}
