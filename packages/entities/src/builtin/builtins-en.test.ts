import { describe, expect, it } from 'vitest';
import { EntityExtractor } from '../entity-extractor';
import { brief, REFERENCE_TIME, TIME_ZONE } from '../testing/fixtures';
import { BUILTIN_ENTITY_TYPES, type Entity } from '../types';

// Real recognizers. The reference is Thursday 3 December 2026, 10:00 in Shanghai.
const extractor = new EntityExtractor([]);
const ALL = new Set<string>(BUILTIN_ENTITY_TYPES);

function extract(text: string, types: readonly string[] = BUILTIN_ENTITY_TYPES, timeZone = TIME_ZONE, referenceTime = REFERENCE_TIME): Entity[] {
  return extractor.extract(text, { language: 'en', types: types === BUILTIN_ENTITY_TYPES ? ALL : new Set(types), referenceTime, timeZone, budgetMs: 5000 }).entities;
}
const of = (type: string, text: string) => brief(extract(text, [type]));

describe('built-in entities in English', () => {
  it('number: digits and words, the same value for "2" and "two"', () => {
    expect(of('number', 'I need two')).toEqual([{ type: 'number', value: 2, text: 'two' }]);
    expect(of('number', 'I need 2')).toEqual([{ type: 'number', value: 2, text: '2' }]);
    expect(of('number', 'a dozen, 1,000 items and 3.5 kg')).toEqual([
      { type: 'number', value: 12, text: 'a dozen' },
      { type: 'number', value: 1000, text: '1,000' },
      { type: 'number', value: 3.5, text: '3.5' },
    ]);
  });

  it('ordinal: "2nd" and "second" are 2, but "a second" is time', () => {
    expect(of('ordinal', 'the 2nd one')).toEqual([{ type: 'ordinal', value: 2, text: '2nd' }]);
    expect(of('ordinal', 'the second one')).toEqual([{ type: 'ordinal', value: 2, text: 'second' }]);
    expect(of('ordinal', 'wait a second')).toEqual([]);
    expect(of('ordinal', 'the next one, not the last one')).toEqual([]);
    expect(brief(extract('wait a second', ['ordinal', 'duration']))).toEqual([{ type: 'duration', value: 1, text: 'a second', unit: 'second' }]);
  });

  it('number: digits of an ordinal, a phone number, an address or a link are not numbers', () => {
    expect(of('number', 'the twenty-first, call +1 415-555-0100, see https://example.com/a?b=1')).toEqual([]);
  });

  it('number: "one" the pronoun and digits inside a name are not numbers', () => {
    expect(of('number', 'I want the red one, not this one')).toEqual([]);
    expect(of('number', 'I want one')).toEqual([{ type: 'number', value: 1, text: 'one' }]);
    expect(of('number', 'an iPhone15 or an A4 sheet')).toEqual([]);
  });

  it('money: "$20" and "20 dollars" are 20 USD; other currencies by their ISO codes', () => {
    expect(of('money', '$20 or 20 dollars')).toEqual([
      { type: 'money', value: 20, text: '$20', unit: 'USD' },
      { type: 'money', value: 20, text: '20 dollars', unit: 'USD' },
    ]);
    expect(of('money', '€15, 10 pounds, 5 cents, 100 rmb')).toEqual([
      { type: 'money', value: 15, text: '€15', unit: 'EUR' },
      { type: 'money', value: 10, text: '10 pounds', unit: 'GBP' },
      { type: 'money', value: 0.05, text: '5 cents', unit: 'USD' },
      { type: 'money', value: 100, text: '100 rmb', unit: 'CNY' },
    ]);
    // The recognizer reads "USD 30" as 0.3 USD; the amount written wins.
    expect(of('money', 'USD 30 please')).toEqual([{ type: 'money', value: 30, text: 'USD 30', unit: 'USD' }]);
  });

  it('datetime: relative dates and times, in the bot’s time zone', () => {
    expect(of('datetime', 'tomorrow at 3')).toEqual([{ type: 'datetime', value: '2026-12-04T15:00:00', text: 'tomorrow at 3' }]);
    expect(of('datetime', 'next Monday')).toEqual([{ type: 'datetime', value: '2026-12-07', text: 'next Monday' }]);
    expect(of('datetime', 'at 3pm')).toEqual([{ type: 'datetime', value: '2026-12-03T15:00:00', text: '3pm' }]);
    expect(of('datetime', 'at 9')).toEqual([{ type: 'datetime', value: '2026-12-04T09:00:00', text: '9' }]);
    expect(of('datetime', 'yesterday')).toEqual([{ type: 'datetime', value: '2026-12-02', text: 'yesterday' }]);
    expect(of('datetime', 'next week')).toEqual([{ type: 'datetime', value: '2026-12-07/2026-12-14', text: 'next week' }]);
  });

  it('datetime: a date without a year is the next such date from the reference', () => {
    expect(of('datetime', 'on Dec 5')).toEqual([{ type: 'datetime', value: '2026-12-05', text: 'Dec 5' }]);
    expect(of('datetime', 'on December 1')).toEqual([{ type: 'datetime', value: '2027-12-01', text: 'December 1' }]);
    expect(of('datetime', 'on Monday')).toEqual([{ type: 'datetime', value: '2026-12-07', text: 'Monday' }]);
  });

  it('datetime: "tomorrow" is the bot’s tomorrow, not the server’s', () => {
    // 02:00 UTC on 3 December is still 2 December in New York.
    expect(brief(extract('tomorrow at 3', ['datetime'], 'America/New_York'))).toEqual([{ type: 'datetime', value: '2026-12-03T15:00:00', text: 'tomorrow at 3' }]);
    expect(brief(extract('tomorrow', ['datetime'], 'UTC', new Date('2026-12-31T23:30:00Z')))).toEqual([{ type: 'datetime', value: '2027-01-01', text: 'tomorrow' }]);
  });

  it('duration: in seconds, also inside "in 2 hours"', () => {
    expect(of('duration', 'for 3 days')).toEqual([{ type: 'duration', value: 259200, text: '3 days', unit: 'second' }]);
    expect(of('duration', 'in 2 hours')).toEqual([{ type: 'duration', value: 7200, text: '2 hours', unit: 'second' }]);
    expect(of('datetime', 'in 2 hours')).toEqual([{ type: 'datetime', value: '2026-12-03T12:00:00', text: 'in 2 hours' }]);
    expect(of('duration', 'half an hour')).toEqual([{ type: 'duration', value: 1800, text: 'half an hour', unit: 'second' }]);
    expect(of('duration', 'waiting 1 hour 30 minutes')).toEqual([{ type: 'duration', value: 5400, text: '1 hour 30 minutes', unit: 'second' }]);
  });

  it('email, phone and URL', () => {
    expect(of('email', 'mail JOHN.Doe@Example.COM please')).toEqual([{ type: 'email', value: 'john.doe@example.com', text: 'JOHN.Doe@Example.COM' }]);
    expect(of('phone', 'call +1 415-555-0100 or (415) 555-0199')).toEqual([
      { type: 'phone', value: '+14155550100', text: '+1 415-555-0100' },
      { type: 'phone', value: '4155550199', text: '(415) 555-0199' },
    ]);
    expect(of('url', 'see https://example.com/a?b=1. Or www.example.org/help!')).toEqual([
      { type: 'url', value: 'https://example.com/a?b=1', text: 'https://example.com/a?b=1' },
      { type: 'url', value: 'www.example.org/help', text: 'www.example.org/help' },
    ]);
  });

  it('an order id next to a phone number: only the phone number is a phone', () => {
    expect(of('phone', 'order 12345678, phone 13812345678')).toEqual([{ type: 'phone', value: '13812345678', text: '13812345678' }]);
  });

  it('offsets point into the original text, after emoji and full-width characters', () => {
    const text = '😀😀 ＯＫ, tomorrow at 3 for $20';
    for (const entity of extract(text)) expect(text.slice(entity.start, entity.end)).toBe(entity.text);
    expect(brief(extract(text, ['datetime', 'money']))).toEqual([
      { type: 'datetime', value: '2026-12-04T15:00:00', text: 'tomorrow at 3' },
      { type: 'money', value: 20, text: '$20', unit: 'USD' },
    ]);
  });

  it('finds entities in every sentence of a long message', () => {
    const text = `${'Hello, I have a question about my account. '.repeat(20)}Please call me tomorrow at 3.`;
    expect(of('datetime', text)).toEqual([{ type: 'datetime', value: '2026-12-04T15:00:00', text: 'tomorrow at 3' }]);
  });
});
