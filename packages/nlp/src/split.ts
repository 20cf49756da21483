/** Deterministic PRNG (mulberry32): the same seed gives the same sequence of numbers in [0, 1). */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy (Fisher-Yates); the input is left as it is. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  return shuffleWith(items, createRng(seed));
}

function shuffleWith<T>(items: readonly T[], random: () => number): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * Positions of the items grouped by intent, intents in sorted order. Positions rather than items, so that
 * an object listed twice counts twice.
 */
function indicesByIntent(items: readonly { intent: string }[]): number[][] {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => {
    const group = groups.get(item.intent);
    if (group) group.push(index);
    else groups.set(item.intent, [index]);
  });
  return [...groups.keys()].sort().map((intent) => groups.get(intent)!);
}

/**
 * Holds out about `holdoutFraction` of every intent. An intent with at least 2 examples keeps at least
 * one in train, and gets at least one in holdout when fraction x count >= 0.5; a single example stays
 * in train. Both halves come back shuffled.
 */
export function stratifiedSplit<T extends { intent: string }>(items: readonly T[], holdoutFraction: number, seed: number): { train: T[]; holdout: T[] } {
  if (!(holdoutFraction >= 0 && holdoutFraction < 1)) {
    throw new RangeError(`holdoutFraction must be in [0, 1), got ${holdoutFraction}`);
  }
  const random = createRng(seed);
  const train: T[] = [];
  const holdout: T[] = [];
  for (const group of indicesByIntent(items)) {
    const shuffled = shuffleWith(group, random).map((index) => items[index]!);
    const holdoutCount = Math.min(Math.round(holdoutFraction * group.length), group.length - 1);
    holdout.push(...shuffled.slice(0, holdoutCount));
    train.push(...shuffled.slice(holdoutCount));
  }
  return { train: shuffleWith(train, random), holdout: shuffleWith(holdout, random) };
}

/**
 * Stratified k-fold: each intent's examples are dealt round-robin over the folds, continuing where the
 * previous intent stopped, so every fold gets a fair share of each intent and the folds' sizes differ by
 * at most one. Every item is in exactly one test fold.
 */
export function kFold<T extends { intent: string }>(items: readonly T[], k: number, seed: number): Array<{ train: T[]; test: T[] }> {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be an integer >= 2, got ${k}`);
  if (k > items.length) throw new RangeError(`cannot make ${k} folds from ${items.length} items`);
  const random = createRng(seed);
  const foldOf = new Array<number>(items.length);
  let dealt = 0;
  for (const group of indicesByIntent(items)) {
    for (const index of shuffleWith(group, random)) foldOf[index] = dealt++ % k;
  }
  const order = shuffleWith(
    items.map((_, index) => index),
    random,
  );
  return Array.from({ length: k }, (_, fold) => ({
    train: order.filter((index) => foldOf[index] !== fold).map((index) => items[index]!),
    test: order.filter((index) => foldOf[index] === fold).map((index) => items[index]!),
  }));
}
