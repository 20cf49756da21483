// FNV-1a over UTF-16 code units, finished with murmur3's fmix32 so that nearby strings spread
// evenly over any number of buckets (plain FNV-1a's low bits are weak for short keys).
const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Starting state of a hash for a given seed; feed code units with `hashStep`, end with `hashFinish`. */
export function hashStart(seed: number): number {
  return hashStep(FNV_OFFSET_BASIS, seed >>> 0);
}

export function hashStep(state: number, codeUnit: number): number {
  return Math.imul(state ^ codeUnit, FNV_PRIME);
}

export function hashFinish(state: number): number {
  let h = state;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
