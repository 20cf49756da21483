import type { Db } from './database';

/** A user message as an admin labelled it; `intent` null means "out of scope". */
export interface LabelledExample {
  turnId: string;
  text: string;
  intent: string | null;
}

/**
 * Every labelled user message with its newest label (older labels of the same turn are history),
 * oldest turn first. This is what retraining adds to the base training data.
 */
export function loadLabelledExamples(db: Db): Promise<LabelledExample[]> {
  // DISTINCT ON keeps the first row per turn in the ORDER BY: the newest label (ids are uuid v7,
  // so they break a tie between labels made in the same millisecond).
  return db.$queryRaw<LabelledExample[]>`
    SELECT "turnId", text, intent FROM (
      SELECT DISTINCT ON (l.turn_id) l.turn_id AS "turnId", t.text, l.intent, t.created_at
      FROM labels l JOIN turns t ON t.id = l.turn_id
      ORDER BY l.turn_id, l.created_at DESC, l.id DESC
    ) latest
    ORDER BY created_at, "turnId"`;
}
