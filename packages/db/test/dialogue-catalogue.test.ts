import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createIntent,
  deleteCustomEntity,
  deleteForm,
  deleteIntent,
  listCustomEntities,
  listForms,
  RecordNotFoundError,
  saveCustomEntity,
  saveForm,
  seedDialogueCatalogue,
} from '../src/index';
import { useIsolatedDatabase } from './support/use-isolated-database';

const database = useIsolatedDatabase();

async function newIntent(): Promise<string> {
  const name = `track_${randomUUID().slice(0, 8)}`;
  await createIntent(database.db, { name });
  return name;
}
const form = (prompt: string) => ({ slots: [{ name: 'order_id', entity: 'order_id', prompt: { en: prompt, zh: '请提供订单号' } }] });

describe('forms and custom entities in the store', () => {
  it('keeps one form per intent: saving again replaces it, and it goes with its intent', async () => {
    const intent = await newIntent();
    await saveForm(database.db, intent, form('Which order?'), 'ada');
    await saveForm(database.db, intent, form('What is the order number?'), 'bob');
    const mine = (await listForms(database.db)).filter((stored) => stored.intent === intent);
    expect(mine).toEqual([{ intent, definition: form('What is the order number?'), updatedBy: 'bob', updatedAt: expect.any(Date) }]);

    await deleteIntent(database.db, intent);
    expect((await listForms(database.db)).some((stored) => stored.intent === intent)).toBe(false);
  });

  it('refuses a form for an intent that does not exist, and deleting a form an intent does not have', async () => {
    await expect(saveForm(database.db, 'no_such_intent', form('?'), 'ada')).rejects.toThrow(RecordNotFoundError);
    await expect(deleteForm(database.db, await newIntent())).rejects.toThrow(/has no form/);
  });

  it('saves, replaces, lists and deletes custom entities by name', async () => {
    const name = `order_id_${randomUUID().slice(0, 8).replaceAll('-', '')}`;
    await saveCustomEntity(database.db, name, { name, kind: 'regex', pattern: '\\b\\d{5}\\b' }, 'ada');
    await saveCustomEntity(database.db, name, { name, kind: 'regex', pattern: '\\b\\d{5,10}\\b' }, 'ada');
    expect((await listCustomEntities(database.db)).filter((entity) => entity.name === name)).toEqual([
      { name, definition: { name, kind: 'regex', pattern: '\\b\\d{5,10}\\b' }, updatedBy: 'ada', updatedAt: expect.any(Date) },
    ]);
    await deleteCustomEntity(database.db, name);
    await expect(deleteCustomEntity(database.db, name)).rejects.toThrow(RecordNotFoundError);
  });

  it('seeds what is missing, updates what is still as seeded and leaves what an admin changed, skipping forms whose intent is gone', async () => {
    const [kept, fresh] = [await newIntent(), await newIntent()];
    await saveForm(database.db, kept, form('An admin wrote this'), 'ada');
    const entity = `product_${randomUUID().slice(0, 8)}`;
    const seeded = await seedDialogueCatalogue(database.db, {
      forms: [
        { intent: kept, definition: form('Default prompt') },
        { intent: fresh, definition: form('Default prompt') },
        { intent: 'intent_that_was_deleted', definition: form('Default prompt') },
      ],
      customEntities: [{ name: entity, definition: { name: entity, kind: 'lookup', values: [] } }],
    });
    expect(seeded).toEqual({ forms: 1, customEntities: 1 });
    const forms = new Map((await listForms(database.db)).map((stored) => [stored.intent, stored]));
    expect(forms.get(kept)).toMatchObject({ definition: form('An admin wrote this'), updatedBy: 'ada' });
    expect(forms.get(fresh)).toMatchObject({ definition: form('Default prompt'), updatedBy: 'default-bot' });

    // A newer default bot: what is still as seeded follows it, the admin's form stays theirs.
    await seedDialogueCatalogue(database.db, {
      forms: [
        { intent: kept, definition: form('Newer default prompt') },
        { intent: fresh, definition: form('Newer default prompt') },
      ],
      customEntities: [],
    });
    const updated = new Map((await listForms(database.db)).map((stored) => [stored.intent, stored]));
    expect(updated.get(kept)).toMatchObject({ definition: form('An admin wrote this'), updatedBy: 'ada' });
    expect(updated.get(fresh)).toMatchObject({ definition: form('Newer default prompt'), updatedBy: 'default-bot' });
  });
});
