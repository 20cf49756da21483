import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import type { ConversationNote } from './generated/prisma/client';
import { typedTextSchema } from './typed-text';

/** A note: plain text for the people handling a conversation; it is stored as written and never sent to the user. */
export const NoteTextSchema = typedTextSchema('a note', 4000);

async function assertConversationExists(db: Db, conversationId: string): Promise<void> {
  const exists = z.uuid().safeParse(conversationId).success && (await db.conversation.count({ where: { id: conversationId } })) > 0;
  if (!exists) throw new RecordNotFoundError(`conversation ${conversationId} does not exist`);
}

/** Adds an internal note to a conversation under its author's name. */
export async function addConversationNote(db: Db, conversationId: string, note: { text: string; author: string }): Promise<ConversationNote> {
  const text = NoteTextSchema.parse(note.text);
  await assertConversationExists(db, conversationId);
  return db.conversationNote.create({ data: { conversationId, text, author: note.author } });
}

/** A conversation's internal notes, oldest first (read as a thread). */
export async function listConversationNotes(db: Db, conversationId: string): Promise<ConversationNote[]> {
  await assertConversationExists(db, conversationId);
  return db.conversationNote.findMany({ where: { conversationId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}
