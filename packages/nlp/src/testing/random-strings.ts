import { createRng } from '../split';

/** `count` seeded random strings of 1..maxLength characters drawn from `alphabet` (for tests of shortcuts). */
export function randomStrings(alphabet: string, count: number, maxLength = 10, seed = 7): string[] {
  const characters = [...alphabet];
  const random = createRng(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    const length = 1 + Math.floor(random() * maxLength);
    for (let i = 0; i < length; i++) text += characters[Math.floor(random() * characters.length)];
    return text;
  });
}
