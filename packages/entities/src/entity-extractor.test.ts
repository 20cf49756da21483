import { MAX_MESSAGE_LENGTH } from '@chatbot/core';
import { describe, expect, it, vi } from 'vitest';
import { defaultRecognizers } from './builtin/recognizers';
import type { CustomEntity } from './custom-entity';
import { cutToMaxLength, EntityExtractor, MAX_ENTITIES_PER_TYPE } from './entity-extractor';
import { brief, RecordingRecognizers, REFERENCE_TIME, SlowRecognizers, TIME_ZONE } from './testing/fixtures';
import type { ExtractOptions } from './types';

const ORDER_ID: CustomEntity = { name: 'order_id', kind: 'regex', pattern: '#A-\\d+|\\b\\d{5,10}\\b' };
const ORDER_REF: CustomEntity = { name: 'order_ref', kind: 'regex', pattern: '(?:order|订单)\\s*#?\\s*(\\d{5,10})', ignoreCase: true };
const PRODUCT: CustomEntity = {
  name: 'product',
  kind: 'lookup',
  values: [
    { value: 'iPhone 15', synonyms: ['iPhone 15', 'iphone15', '苹果15'] },
    { value: 'iPhone 15 Pro', synonyms: [] },
  ],
};

const options = (types: string[], extra: Partial<ExtractOptions> = {}): ExtractOptions => ({
  language: 'en',
  types: new Set(types),
  referenceTime: REFERENCE_TIME,
  timeZone: TIME_ZONE,
  ...extra,
});

describe('EntityExtractor: custom entities', () => {
  const extractor = new EntityExtractor([ORDER_ID, ORDER_REF, PRODUCT]);

  it('returns a regex match as its value, or its first capture group when it has one', () => {
    const { entities } = extractor.extract('Order #12345678 and #A-77', options(['order_id', 'order_ref']));
    expect(brief(entities)).toEqual([
      { type: 'order_ref', value: '12345678', text: 'Order #12345678' },
      { type: 'order_id', value: '12345678', text: '12345678' },
      { type: 'order_id', value: '#A-77', text: '#A-77' },
    ]);
  });

  it('matches full-width digits as digits and points at the original characters', () => {
    const text = '😀订单号：１２３４５６７８';
    const [entity] = extractor.extract(text, options(['order_id'], { language: 'zh' })).entities;
    expect(entity).toMatchObject({ type: 'order_id', value: '12345678', text: '１２３４５６７８', extractor: 'regex' });
    expect(text.slice(entity?.start, entity?.end)).toBe('１２３４５６７８');
  });

  it('matches lookups on normalised text and returns the canonical value', () => {
    const { entities } = extractor.extract('I have an IPHONE15, want a 苹果15 or an iPhone 15 Pro', options(['product']));
    expect(brief(entities)).toEqual([
      { type: 'product', value: 'iPhone 15', text: 'IPHONE15' },
      { type: 'product', value: 'iPhone 15', text: '苹果15' },
      { type: 'product', value: 'iPhone 15 Pro', text: 'iPhone 15 Pro' },
    ]);
  });

  it('keeps overlapping entities of different types (an order id and a number over the same digits)', () => {
    const { entities } = extractor.extract('my order is 12345678', options(['order_id', 'number']));
    expect(brief(entities)).toEqual([
      { type: 'number', value: 12345678, text: '12345678' },
      { type: 'order_id', value: '12345678', text: '12345678' },
    ]);
  });

  it('returns markup and mentions verbatim, as plain data', () => {
    const markup = new EntityExtractor([
      { name: 'tag', kind: 'regex', pattern: '<[^>]{1,40}>' },
      { name: 'mention', kind: 'regex', pattern: '@\\w+' },
      { name: 'snippet', kind: 'lookup', values: [{ value: '<b>bold</b> & "quotes"', synonyms: ['<script>alert(1)</script>'] }] },
    ]);
    const text = '<script>alert(1)</script> @everyone <!channel>';
    const { entities } = markup.extract(text, options(['tag', 'mention', 'snippet']));
    expect(brief(entities)).toEqual([
      { type: 'snippet', value: '<b>bold</b> & "quotes"', text: '<script>alert(1)</script>' },
      { type: 'tag', value: '<script>', text: '<script>' },
      { type: 'tag', value: '</script>', text: '</script>' },
      { type: 'mention', value: '@everyone', text: '@everyone' },
      { type: 'tag', value: '<!channel>', text: '<!channel>' },
    ]);
  });

  it('leaves out stored entities that are invalid, saying why', () => {
    const stored = new EntityExtractor([
      { name: 'broken', kind: 'regex', pattern: '(\\d+' },
      { name: 'number', kind: 'regex', pattern: '\\d+' },
      { name: 'order_id', kind: 'regex', pattern: '\\d+' },
      { name: 'order_id', kind: 'regex', pattern: '#\\d+' },
    ] as CustomEntity[]);
    expect(stored.ignored.map((ignored) => ignored.name)).toEqual(['broken', 'number', 'order_id']);
    expect(stored.extract('#123', options(['order_id'])).entities.map((entity) => entity.value)).toEqual(['123']);
  });

  it('does not hang on a catastrophic pattern that got into the database: it is stopped within the budget', () => {
    const stored = new EntityExtractor([ORDER_ID, { name: 'evil', kind: 'regex', pattern: '^(a+)+$' }]);
    const started = performance.now();
    const result = stored.extract('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', options(['order_id', 'evil'], { budgetMs: 50 }));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(300);
    expect(result.skipped).toEqual(['evil']);
    expect(result.entities).toEqual([]);
  });
});

describe('EntityExtractor: what is looked for', () => {
  it('costs nothing and calls no recognizer for an empty set of types', () => {
    const recognizers = new RecordingRecognizers(defaultRecognizers);
    const extractor = new EntityExtractor([ORDER_ID, PRODUCT], { recognizers });
    const started = performance.now();
    for (let i = 0; i < 1000; i++) expect(extractor.extract('order 12345678 tomorrow at 3 for $20', options([])).entities).toEqual([]);
    expect((performance.now() - started) / 1000).toBeLessThan(0.05);
    expect(recognizers.requested).toEqual([]);
  });

  it('asked only for email, never builds or runs the date-time (or any other) recognizer', () => {
    const recognizers = new RecordingRecognizers(defaultRecognizers);
    const extractor = new EntityExtractor([], { recognizers });
    const { entities } = extractor.extract('Mail Foo.Bar@Example.com tomorrow at 3 about $20', options(['email']));
    expect(brief(entities)).toEqual([{ type: 'email', value: 'foo.bar@example.com', text: 'Foo.Bar@Example.com' }]);
    expect([...new Set(recognizers.requested)]).toEqual(['email:en']);
  });

  it('ignores type names it does not know', () => {
    expect(new EntityExtractor([]).extract('hello', options(['colour'])).entities).toEqual([]);
  });
});

describe('EntityExtractor: time budget', () => {
  it('skips and reports every type when the budget is already spent', () => {
    const extractor = new EntityExtractor([ORDER_ID, PRODUCT], { recognizers: new SlowRecognizers(0) });
    const result = extractor.extract('order 12345678', options(['product', 'order_id', 'email', 'datetime'], { budgetMs: 0 }));
    expect(result.entities).toEqual([]);
    expect(result.skipped).toEqual(['product', 'order_id', 'email', 'datetime']);
  });

  it('does not start a recognizer once the budget is spent, and reports the types it skipped', () => {
    // A clock that moves only when a recognizer works, 30 ms a call: the test does not depend on the machine's load.
    let now = 1000;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      const recognizers = new SlowRecognizers(30, (milliseconds) => (now += milliseconds));
      const extractor = new EntityExtractor([], { recognizers });
      const result = extractor.extract(
        'call 12345678 or mail a@b.co at example.com tomorrow, twice',
        options(['email', 'url', 'phone', 'datetime', 'money'], { budgetMs: 40 }),
      );
      // email starts at 0 ms and url at 30 ms, within the 40 ms; nothing starts at 60 ms.
      expect(recognizers.calls).toBe(2);
      expect(result.skipped).toEqual(['phone', 'money', 'datetime']);
    } finally {
      clock.mockRestore();
    }
  });

  it('stops within its budget, plus the call under way, with recognizers as slow as they come', () => {
    const extractor = new EntityExtractor([], { recognizers: new SlowRecognizers(15) });
    const started = performance.now();
    const result = extractor.extract(
      'mail a@b.co. Call 12345678. At example.com. Tomorrow, twice.',
      options(['email', 'url', 'phone', 'number', 'datetime'], { budgetMs: 40 }),
    );
    expect(performance.now() - started).toBeLessThan(40 + 15 + 50);
    expect(result.skipped.length).toBeGreaterThan(0);
  });
});

describe('EntityExtractor: bad input', () => {
  const extractor = new EntityExtractor([ORDER_ID]);
  const all = ['number', 'ordinal', 'money', 'datetime', 'duration', 'email', 'phone', 'url', 'order_id'];

  it('cuts a message to the platform’s maximum length, never inside a surrogate pair', () => {
    expect(cutToMaxLength('a'.repeat(5000))).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(cutToMaxLength(`${'a'.repeat(MAX_MESSAGE_LENGTH - 1)}😀`)).toHaveLength(MAX_MESSAGE_LENGTH - 1);
  });

  it('handles a number with a million digits without hanging or throwing, and finds no number in it', () => {
    const started = performance.now();
    const result = extractor.extract(`pay ${'9'.repeat(1_000_000)} now`, options(all, { budgetMs: 200 }));
    expect(performance.now() - started).toBeLessThan(1500);
    expect(result.entities.filter((entity) => entity.type === 'number')).toEqual([]);
    expect(result.entities.filter((entity) => entity.type === 'order_id')).toEqual([]);
  });

  it('drops numbers beyond Number.MAX_SAFE_INTEGER and keeps the largest safe one exactly', () => {
    const { entities } = extractor.extract('12345678901234567890 and 9007199254740991', options(['number']));
    expect(brief(entities)).toEqual([{ type: 'number', value: 9007199254740991, text: '9007199254740991' }]);
  });

  it('returns within its budget (plus one recognizer call) on 4,000 characters full of digits', () => {
    const digits = Array.from({ length: 2000 }, (_, i) => String(i % 10)).join(' ');
    const dollars = Array.from({ length: 1000 }, (_, i) => `$${i % 10}`).join(' ');
    for (const text of [digits, dollars, '1'.repeat(4000)]) {
      const started = performance.now();
      const result = extractor.extract(text, options(all, { budgetMs: 50 }));
      expect(performance.now() - started).toBeLessThan(1000);
      expect(Array.isArray(result.skipped)).toBe(true);
      for (const type of all) expect(result.entities.filter((entity) => entity.type === type).length).toBeLessThanOrEqual(MAX_ENTITIES_PER_TYPE);
    }
  });

  it('gives no date for an unparseable one and does not throw', () => {
    expect(extractor.extract('deliver on Feb 30 or the 45th of Smarch', options(['datetime'])).entities).toEqual([]);
    expect(extractor.extract('2月30日送到', options(['datetime'], { language: 'zh' })).entities).toEqual([]);
  });

  it('returns markup around built-in entities verbatim', () => {
    const { entities } = extractor.extract('<script>alert(1)</script> mail <b>a@b.co</b> @everyone <!channel>', options(['email']));
    expect(brief(entities)).toEqual([{ type: 'email', value: 'a@b.co', text: 'a@b.co' }]);
  });
});
