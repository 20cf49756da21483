import { describe, expect, it } from 'vitest';
import { ChatClient } from './chat-client';
import { useFaultPlatform } from './fault-platform';

const platform = useFaultPlatform({ workers: 1 });

/** A bug that fails one message on every attempt, in the real database: a trigger that refuses its text. */
async function breakStoringOf(text: string) {
  await platform().db.$executeRawUnsafe(`
    CREATE FUNCTION refuse_poison() RETURNS trigger AS $$
    BEGIN
      IF NEW.text = '${text}' THEN RAISE EXCEPTION 'poison message refused by the test trigger'; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await platform().db.$executeRawUnsafe('CREATE TRIGGER refuse_poison BEFORE INSERT ON turns FOR EACH ROW EXECUTE FUNCTION refuse_poison()');
  return () => platform().db.$executeRawUnsafe('DROP TRIGGER refuse_poison ON turns');
}

type DeadLetter = { queue: string; jobId: string; conversationKey: string | null; text: string | null; failedReason: string | null; attemptsMade: number };

describe('a message that fails on every attempt (a bug), with a real worker', () => {
  it('apologises to the user, lets the conversation go on, and answers the message once an admin re-drives it', async () => {
    const fix = await breakStoringOf('poison: where is my order?');
    const chat = new ChatClient(platform().chatUrl, 'poison');
    await chat.open();
    const poison = chat.type('poison: where is my order?');
    const next = chat.type('I want a refund');

    // The user hears that something went wrong (not silence), and the next message is answered after it.
    await expect.poll(() => chat.repliesTo.get(next)?.length, { timeout: 60_000 }).toBe(1);
    expect(chat.repliesTo.get(poison)).toEqual([{ seq: expect.any(Number), kind: 'system', text: expect.stringMatching(/^Sorry, something went wrong on our side/) }]);
    expect(chat.repliesTo.get(poison)![0]!.seq).toBeLessThan(chat.repliesTo.get(next)![0]!.seq);

    // The admin finds it among the dead letters, with its error, and re-drives it once the bug is fixed.
    const { items } = (await platform().admin('/dead-letters')) as { items: DeadLetter[] };
    const letter = items.find((item) => item.conversationKey === `web:${chat.sessionId}`);
    expect(letter).toMatchObject({
      queue: 'inbound',
      text: 'poison: where is my order?',
      attemptsMade: 5,
      failedReason: expect.stringContaining('poison message refused'),
    });
    await fix();
    await platform().admin(`/dead-letters/${letter!.queue}/${encodeURIComponent(letter!.jobId)}/retry`, 'POST');

    await expect.poll(() => chat.repliesTo.get(poison)?.length, { timeout: 30_000 }).toBe(2);
    expect(chat.repliesTo.get(poison)![1]).toMatchObject({ kind: 'bot' });
    const stored = await platform().db.turn.count({ where: { direction: 'inbound', nativeMessageId: `${chat.sessionId}:${poison}` } });
    expect(stored).toBe(1);
    expect(((await platform().admin('/dead-letters')) as { items: DeadLetter[] }).items).toEqual([]);
    chat.close();
  }, 240_000);
});
