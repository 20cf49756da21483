import { describe, expect, it } from 'vitest';
import { chunkText, MAX_CHUNK_LENGTH, MAX_NUMBERS_PER_CHUNK, prepareForRecognizers } from './chunks';

describe('prepareForRecognizers', () => {
  it('keeps the length, hides over-long digit runs and commas between digits', () => {
    const message = `¥350，400元，明天 ${'9'.repeat(40)} 12345`;
    const prepared = prepareForRecognizers(message);
    expect(prepared).toHaveLength(message.length);
    expect(prepared).toBe(`¥350;400元，明天 ${' '.repeat(40)} 12345`);
  });
});

describe('chunkText', () => {
  it('splits at sentence ends, keeps offsets, and leaves out blank pieces', () => {
    const text = 'Hi there! Is it ready? Call me tomorrow.\n\n  ';
    const chunks = chunkText(text);
    expect(chunks.map((chunk) => chunk.text)).toEqual(['Hi there!', ' Is it ready?', ' Call me tomorrow.']);
    for (const chunk of chunks) expect(text.slice(chunk.start, chunk.start + chunk.text.length)).toBe(chunk.text);
  });

  it('does not split a URL at its question mark or a decimal at its point', () => {
    expect(chunkText('see https://example.com/a?b=1 for 3.5 kg').map((chunk) => chunk.text)).toEqual(['see https://example.com/a?b=1 for 3.5 kg']);
  });

  it('cuts long sentences at a space and crowded ones before the next number', () => {
    const long = 'word '.repeat(100);
    const chunks = chunkText(long);
    expect(Math.max(...chunks.map((chunk) => chunk.text.length))).toBeLessThanOrEqual(MAX_CHUNK_LENGTH);
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(long);
    for (const chunk of chunks) expect(chunk.text.endsWith(' ')).toBe(true);
    const digits = Array.from({ length: 40 }, (_, i) => String(i % 10)).join(' ');
    for (const chunk of chunkText(digits)) expect(chunk.text.match(/\d+/g)?.length).toBeLessThanOrEqual(MAX_NUMBERS_PER_CHUNK);
  });

  it('never cuts a surrogate pair', () => {
    const chunks = chunkText('😀'.repeat(200));
    for (const chunk of chunks) expect(chunk.text).toMatch(/^(?:😀)+$/u);
  });
});
