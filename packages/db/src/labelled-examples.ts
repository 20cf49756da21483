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

/**
 * What retraining adds to the base data, in the order buildTrainingSplit wants (the later of two
 * entries with the same text wins): the phrases admins wrote for intents, oldest first, then the
 * labelled messages. A label given to a real message thus overrides a written phrase.
 */
export async function loadRetrainingExamples(db: Db): Promise<Array<{ text: string; intent: string | null }>> {
  const written = await db.intentExample.findMany({
    select: { text: true, intent: { select: { name: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return [...written.map((example) => ({ text: example.text, intent: example.intent.name })), ...(await loadLabelledExamples(db))];
}
