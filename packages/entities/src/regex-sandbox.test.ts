import { describe, expect, it } from 'vitest';
import { RegexSandbox } from './regex-sandbox';

const CATASTROPHIC_INPUT = `${'a'.repeat(34)}!`;

describe('RegexSandbox', () => {
  it('finds every match with its first capture group', () => {
    const sandbox = new RegexSandbox([{ source: 'order #(\\d+)', flags: 'giu' }]);
    expect(sandbox.run('Order #123 and order #45', [0], 50).matches.get(0)).toEqual([
      { index: 0, length: 10, group: '123' },
      { index: 15, length: 9, group: '45' },
    ]);
  });

  // Terminating the pattern thread interrupts V8's backtracking engine: this would otherwise run for hours.
  it('stops a catastrophically backtracking pattern at the time limit', () => {
    const sandbox = new RegexSandbox([{ source: '^(a+)+$', flags: 'gu' }]);
    const started = performance.now();
    const run = sandbox.run(CATASTROPHIC_INPUT, [0], 30);
    const elapsed = performance.now() - started;
    expect(run.unfinished).toEqual([0]);
    expect(run.matches.has(0)).toBe(false);
    expect(elapsed).toBeGreaterThanOrEqual(25);
    expect(elapsed).toBeLessThan(500);
  });

  it('keeps what the patterns before a stopped one found, and works afterwards', () => {
    const sandbox = new RegexSandbox([
      { source: '\\d{3}', flags: 'gu' },
      { source: '(a+)+$', flags: 'gu' },
    ]);
    const run = sandbox.run(`123 ${CATASTROPHIC_INPUT}`, [0, 1], 40);
    expect(run.unfinished).toEqual([1]);
    expect(run.matches.get(0)).toEqual([{ index: 0, length: 3, group: null }]);
    const after = sandbox.run('abc 123', [0, 1], 40);
    expect(after.unfinished).toEqual([]);
    expect(after.matches.get(0)).toEqual([{ index: 4, length: 3, group: null }]);
  });

  it('skips empty matches without looping and caps the matches per pattern', () => {
    const sandbox = new RegexSandbox([
      { source: '\\b', flags: 'gu' },
      { source: '\\d', flags: 'gu' },
    ]);
    const run = sandbox.run('1 2 3 4 5 😀 6', [0, 1], 50, 3);
    expect(run.matches.get(0)).toEqual([]);
    expect(run.matches.get(1)?.map((match) => match.index)).toEqual([0, 2, 4]);
  });
});
