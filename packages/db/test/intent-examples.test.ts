import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  addIntentExamples,
  ConflictingExampleError,
  createIntent,
  deleteIntent,
  deleteIntentExample,
  labelTurns,
  listIntentExamples,
  loadRetrainingExamples,
  RecordNotFoundError,
} from '../src/index';
import { storeExchange } from './support/store-exchange';
import { useIsolatedDatabase } from './support/use-isolated-database';

const database = useIsolatedDatabase();

async function newIntent(): Promise<string> {
  const name = `gift_wrap_${randomUUID().slice(0, 8)}`;
  await createIntent(database.db, { name });
  return name;
}

describe('intent examples written by admins', () => {
  it('adds trimmed phrases once each, lists them oldest first, and says how many it had already', async () => {
    const intent = await newIntent();
    const first = await addIntentExamples(database.db, intent, { texts: ['  can you gift wrap it ', 'gift wrap please', 'gift wrap please'], createdBy: 'ada' });
    expect(first.added.map((example) => example.text)).toEqual(['can you gift wrap it', 'gift wrap please']);
    expect(first.alreadyPresent).toBe(0);
    const again = await addIntentExamples(database.db, intent, { texts: ['gift wrap please', 'wrap it as a present'], createdBy: 'ada' });
    expect(again).toMatchObject({ added: [{ text: 'wrap it as a present', createdBy: 'ada' }], alreadyPresent: 1 });
    expect((await listIntentExamples(database.db, intent)).map((example) => example.text)).toEqual(['can you gift wrap it', 'gift wrap please', 'wrap it as a present']);
  });

  it("refuses a phrase that is another intent's example, adding none of the request", async () => {
    const [wrap, other] = [await newIntent(), await newIntent()];
    await addIntentExamples(database.db, wrap, { texts: ['is gift wrapping free'], createdBy: 'ada' });
    const request = addIntentExamples(database.db, other, { texts: ['a new phrase', 'is gift wrapping free'], createdBy: 'ada' });
    await expect(request).rejects.toThrow(ConflictingExampleError);
    await expect(request).rejects.toThrow(`already an example of another intent: "is gift wrapping free" (${wrap})`);
    expect(await listIntentExamples(database.db, other)).toEqual([]);
  });

  it('refuses unknown intents and examples, empty and oversized phrases', async () => {
    await expect(addIntentExamples(database.db, 'no_such_intent', { texts: ['hi'], createdBy: 'ada' })).rejects.toThrow(RecordNotFoundError);
    await expect(listIntentExamples(database.db, 'no_such_intent')).rejects.toThrow(RecordNotFoundError);
    await expect(deleteIntentExample(database.db, randomUUID())).rejects.toThrow(RecordNotFoundError);
    await expect(deleteIntentExample(database.db, 'not-an-id')).rejects.toThrow(RecordNotFoundError);
    const intent = await newIntent();
    await expect(addIntentExamples(database.db, intent, { texts: ['   '], createdBy: 'ada' })).rejects.toThrow(/an example is empty/);
    await expect(addIntentExamples(database.db, intent, { texts: ['x'.repeat(4001)], createdBy: 'ada' })).rejects.toThrow(/at most 4000 characters/);
    await expect(addIntentExamples(database.db, intent, { texts: [], createdBy: 'ada' })).rejects.toThrow(/at least one example/);
  });

  it('deletes one example, and all of them with their intent', async () => {
    const intent = await newIntent();
    const { added } = await addIntentExamples(database.db, intent, { texts: ['one', 'two'], createdBy: 'ada' });
    expect(await deleteIntentExample(database.db, added[0]!.id)).toMatchObject({ text: 'one', intent });
    expect((await listIntentExamples(database.db, intent)).map((example) => example.text)).toEqual(['two']);
    await deleteIntent(database.db, intent);
    expect(await database.db.intentExample.count({ where: { id: added[1]!.id } })).toBe(0);
  });

  it('are retraining data before the labelled messages, so a label given to the same text wins', async () => {
    const intent = await newIntent();
    const text = `wrap it ${randomUUID()}`;
    await addIntentExamples(database.db, intent, { texts: [text], createdBy: 'ada' });
    const { inboundTurn } = await storeExchange(database.db, undefined, text);
    await labelTurns(database.db, { labels: [{ turnId: inboundTurn.id, intent: null }], createdBy: 'ada' });
    const examples = (await loadRetrainingExamples(database.db)).filter((example) => example.text === text);
    expect(examples.map((example) => example.intent)).toEqual([intent, null]);
  });
});
