import { describe, expect, it } from 'vitest';
import { resolveOverlaps } from './overlap';
import type { Entity } from './types';

const at = (type: string, start: number, end: number): Entity => ({ type, value: `${start}-${end}`, text: '', start, end, extractor: 'regex' });

describe('resolveOverlaps', () => {
  it('keeps the longest of overlapping matches of one type, then the earliest', () => {
    expect(resolveOverlaps([at('a', 2, 5), at('a', 0, 3), at('a', 4, 10), at('a', 10, 12)]).map((entity) => entity.value)).toEqual(['0-3', '4-10', '10-12']);
    expect(resolveOverlaps([at('a', 3, 6), at('a', 0, 3), at('a', 2, 5)]).map((entity) => entity.value)).toEqual(['0-3', '3-6']);
  });

  it('keeps overlapping matches of different types, sorted by start', () => {
    expect(resolveOverlaps([at('number', 6, 14), at('order_id', 6, 14), at('phone', 0, 5)]).map((entity) => `${entity.type}@${entity.start}`)).toEqual([
      'phone@0',
      'number@6',
      'order_id@6',
    ]);
  });
});
