import type { Entity } from '@chatbot/entities';

/** An entity found in a message, as @chatbot/entities reports it. */
export type DialogueEntity = Entity;

/** Entity types every bot has, without defining them. */
export { BUILTIN_ENTITY_TYPES, type BuiltinEntityType } from '@chatbot/entities';

/** The "entity type" of a slot filled with the message's own text, when that slot is the one being asked. */
export const FREE_TEXT = 'text';
