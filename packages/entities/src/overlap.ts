import type { Entity } from './types';

/**
 * Within one type, overlapping matches resolve to the longest, then the earliest; different types may
 * overlap (an order id and a number over the same digits are both kept: the dialogue layer picks by type).
 * The result is sorted by start, then longer first, then by type.
 */
export function resolveOverlaps(entities: readonly Entity[]): Entity[] {
  const byType = new Map<string, Entity[]>();
  for (const entity of entities) {
    const list = byType.get(entity.type);
    if (list === undefined) byType.set(entity.type, [entity]);
    else list.push(entity);
  }
  const kept: Entity[] = [];
  for (const list of byType.values()) {
    if (list.length === 1) {
      kept.push(list[0] as Entity);
      continue;
    }
    list.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    // Which characters a kept entity of this type covers: checking a span costs its length.
    const covered = new Uint8Array(Math.max(...list.map((entity) => entity.end)));
    for (const entity of list) {
      if (covered.subarray(entity.start, entity.end).includes(1)) continue;
      covered.fill(1, entity.start, entity.end);
      kept.push(entity);
    }
  }
  return kept.sort(compareEntities);
}

export function compareEntities(a: Entity, b: Entity): number {
  return a.start - b.start || b.end - a.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);
}
