import { addConversationNote, listConversationNotes, NoteTextSchema } from '@chatbot/db';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { CONVERSATION_READERS, HANDLERS } from '../admin/auth';
import { announceInboxChange } from '../admin/inbox-changed';
import { ConversationParams } from './conversations';
import { NoteJson } from './response-schemas';

/** Internal notes on a conversation, for the people handling it; the end user never sees them. */
export function conversationNoteRoutes(deps: AdminDeps): AnyAdminRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/conversations/:id/notes',
      summary: "A conversation's internal notes, oldest first",
      access: CONVERSATION_READERS,
      params: ConversationParams,
      response: z.object({ items: z.array(NoteJson) }),
      handler: async ({ params }) => ({ items: await listConversationNotes(deps.db, params.id) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/conversations/:id/notes',
      summary: "Add an internal note (plain text) under the caller's name: the agent's display name, or the admin key's name",
      access: HANDLERS,
      params: ConversationParams,
      body: z.strictObject({ text: NoteTextSchema }),
      status: 201,
      response: NoteJson,
      handler: async ({ params, body, principal, audit }) => {
        const note = await addConversationNote(deps.db, params.id, { text: body.text, author: principal.agent?.displayName ?? principal.actor });
        await audit('conversation.note', params.id, { noteId: note.id });
        // Another agent reading the conversation sees the note appear.
        await announceInboxChange(deps, params.id, 'noted');
        return note;
      },
    }),
  ];
}
