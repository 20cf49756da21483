import { describe, expect, it } from 'vitest';
import { checkCustomEntity, CustomEntitySchema, type CustomEntity } from './custom-entity';

const regex = (pattern: string, extra: Partial<CustomEntity> = {}): CustomEntity => ({ name: 'order_id', kind: 'regex', pattern, ...extra }) as CustomEntity;

function reasonFor(entity: unknown): string {
  const result = checkCustomEntity(entity as CustomEntity);
  return result.ok ? 'ok' : result.reason;
}

describe('CustomEntitySchema', () => {
  it('accepts a regex entity and a lookup entity', () => {
    expect(CustomEntitySchema.parse(regex('#A-\\d+')).kind).toBe('regex');
    expect(CustomEntitySchema.parse({ name: 'product', kind: 'lookup', values: [{ value: 'iPhone 15', synonyms: ['iphone15'] }] }).kind).toBe('lookup');
  });

  it('refuses bad names, built-in names, long patterns and oversized lists, saying why', () => {
    expect(reasonFor(regex('\\d+', { name: 'Order' }))).toMatch(/^name must start with a lower-case letter/);
    expect(reasonFor(regex('\\d+', { name: 'number' }))).toBe('name is the name of a built-in entity type');
    expect(reasonFor(regex('a'.repeat(201)))).toBe('pattern is longer than 200 characters');
    const values = Array.from({ length: 1001 }, (_, i) => ({ value: `v${i}`, synonyms: [] }));
    expect(reasonFor({ name: 'product', kind: 'lookup', values })).toBe('values has more than 1000 values');
    expect(reasonFor({ name: 'product', kind: 'lookup', values: [{ value: 'a', synonyms: Array(51).fill('x') }] })).toBe('values.0.synonyms has more than 50 synonyms');
    expect(reasonFor({ name: 'x', kind: 'script', pattern: 'a' })).toMatch(/^kind /);
  });
});

describe('checkCustomEntity', () => {
  it('accepts ordinary order-id patterns', () => {
    for (const pattern of [
      '\\b\\d{5,10}\\b',
      '#A-\\d+',
      '(?:order|订单)\\s*#?\\s*(\\d{5,10})',
      '\\b[A-Z]{2}\\d{6,8}\\b',
      '1[3-9]\\d{9}',
      '(?<id>ORD\\d{6})',
      '\\p{Script=Han}{2,4}店',
    ]) {
      expect([pattern, reasonFor(regex(pattern))]).toEqual([pattern, 'ok']);
    }
  });

  it('refuses a pattern that does not compile, with the engine’s message', () => {
    expect(reasonFor(regex('(\\d+'))).toMatch(/^pattern is not a valid regular expression: .*Unterminated group/);
    expect(reasonFor(regex('[z-a]'))).toMatch(/^pattern is not a valid regular expression/);
  });

  it('refuses a pattern that matches the empty string', () => {
    expect(reasonFor(regex('\\d*'))).toBe('pattern matches the empty string, so it would match everywhere');
  });

  it('refuses catastrophic patterns: nested quantifiers, and overlapping alternatives under a quantifier', () => {
    expect(reasonFor(regex('^(a+)+$'))).toMatch(/^pattern can take exponential time/);
    expect(reasonFor(regex('(\\w+\\s?)+$'))).toMatch(/^pattern can take exponential time/);
    // safe-regex2 passes these; the trial runs catch them.
    expect(reasonFor(regex('^(a|aa)+$'))).toMatch(/^pattern backtracks catastrophically: it took more than 20 ms on a 40-character test input/);
    expect(reasonFor(regex('(\\d|\\d\\d)+x'))).toMatch(/^pattern backtracks catastrophically/);
  });

  it('refuses lookbehind, which the safety check cannot read', () => {
    expect(reasonFor(regex('(?<=#)\\d+'))).toMatch(/lookbehind/);
  });

  it('refuses a lookup with a synonym under two values, or one that normalises to nothing', () => {
    const lookup = (values: Array<{ value: string; synonyms: string[] }>) => reasonFor({ name: 'product', kind: 'lookup', values });
    expect(lookup([{ value: 'iPhone 15', synonyms: ['iphone15', '苹果15'] }])).toBe('ok');
    expect(
      lookup([
        { value: 'iPhone 15', synonyms: ['苹果15'] },
        { value: 'iPhone 15 Pro', synonyms: ['IPHONE15'] },
      ]),
    ).toBe('"IPHONE15" (matched as "iphone15") is listed under both "iPhone 15" and "iPhone 15 Pro"');
    expect(lookup([{ value: 'iPhone 15', synonyms: ['--'] }])).toBe('synonym "--" of "iPhone 15" has nothing left to match after normalisation');
  });
});
