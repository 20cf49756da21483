import { FREE_TEXT, type DialogueEntity } from './entity';
import type { Slot } from './form-schema';
import { compilePattern } from './pattern';
import { truncate } from './language';
import type { SlotValue } from './state';

/**
 * Which of a message's entities (or its text) fill which slots, and why a value was refused.
 * No state here: the policy decides which slots may be filled and what a refusal leads to.
 */

/** A free-text value (and the text kept with any value) is cut to this many characters. */
export const MAX_SLOT_TEXT = 500;

export type RejectionCode = 'no_value' | 'pattern' | 'not_allowed';
export interface Rejection {
  code: RejectionCode;
  /** The value refused (absent when there was none). */
  value?: string | number;
}

export type Validation = { ok: true; value: string | number } | { ok: false; code: Exclude<RejectionCode, 'no_value'> };

const patterns = new Map<string, RegExp>();
function pattern(source: string): RegExp {
  let compiled = patterns.get(source);
  if (!compiled) {
    // FormSchema refuses a pattern that does not compile, so a parsed form's always does.
    compiled = compilePattern(source);
    if (patterns.size > 1000) patterns.clear();
    patterns.set(source, compiled);
  }
  return compiled;
}

const allowedKey = (text: string) => text.normalize('NFKC').trim().toLowerCase();

/**
 * Checks a candidate value against the slot's pattern (the whole value must match) and allowed
 * values (case-insensitive, trimmed; the typed text may match instead of the normalised value).
 * An allowed value is stored as the form writes it.
 */
export function validateSlotValue(slot: Slot, value: string | number, text: string): Validation {
  const asText = String(value);
  if (slot.pattern !== undefined && !pattern(slot.pattern).test(asText)) return { ok: false, code: 'pattern' };
  if (slot.allowed !== undefined) {
    const keys = new Set([allowedKey(asText), allowedKey(text)]);
    const match = slot.allowed.find((allowed) => keys.has(allowedKey(allowed)));
    if (match === undefined) return { ok: false, code: 'not_allowed' };
    return { ok: true, value: match };
  }
  return { ok: true, value };
}

export interface FillRequest {
  /** The slots that may be filled by this message, in the form's order. */
  slots: readonly Slot[];
  /** The slot the bot asked for (it alone takes free text); null when nothing was asked yet. */
  asking: string | null;
  entities: readonly DialogueEntity[];
  text: string;
  now: Date;
  turnId: string | null;
}

export interface FillResult {
  filled: Array<{ slot: string; value: SlotValue }>;
  /** Why a slot got no value although the message had a candidate for it (or, for the asked slot, none). */
  rejected: Map<string, Rejection>;
}

/**
 * Fills slots from a message: the asked slot first, then the others in the form's order. Each slot
 * takes the first entity of its type, in order of appearance, that passes its validation (so two
 * slots of one type take the matches in turn); an entity's span fills one slot at most. A free-text
 * slot takes the trimmed message when it is the one being asked.
 */
export function fillSlots(request: FillRequest): FillResult {
  const result: FillResult = { filled: [], rejected: new Map() };
  const entities = [...request.entities].sort((a, b) => a.start - b.start || b.end - a.end);
  const used: Array<[number, number]> = [];
  const overlapsUsed = (entity: DialogueEntity) => used.some(([start, end]) => entity.start < end && start < entity.end);
  const setAt = request.now.toISOString();
  const ordered = [...request.slots.filter((slot) => slot.name === request.asking), ...request.slots.filter((slot) => slot.name !== request.asking)];

  for (const slot of ordered) {
    if (slot.entity === FREE_TEXT) {
      if (slot.name !== request.asking) continue;
      const value = truncate(request.text.trim(), MAX_SLOT_TEXT);
      if (value === '') {
        result.rejected.set(slot.name, { code: 'no_value' });
        continue;
      }
      const checked = validateSlotValue(slot, value, value);
      if (checked.ok)
        result.filled.push({ slot: slot.name, value: { value: checked.value, text: truncate(request.text, MAX_SLOT_TEXT), turnId: request.turnId, setAt } });
      else result.rejected.set(slot.name, { code: checked.code, value });
      continue;
    }
    let firstRefusal: Rejection | null = null;
    let filled = false;
    for (const entity of entities) {
      if (entity.type !== slot.entity || overlapsUsed(entity)) continue;
      const value = typeof entity.value === 'string' ? truncate(entity.value, MAX_SLOT_TEXT) : entity.value;
      const checked = validateSlotValue(slot, value, entity.text);
      if (!checked.ok) {
        firstRefusal ??= { code: checked.code, value };
        continue;
      }
      used.push([entity.start, entity.end]);
      const stored: SlotValue = { value: checked.value, text: truncate(entity.text, MAX_SLOT_TEXT), turnId: request.turnId, setAt };
      if (entity.unit !== undefined) stored.unit = entity.unit;
      result.filled.push({ slot: slot.name, value: stored });
      filled = true;
      break;
    }
    if (!filled && (firstRefusal || slot.name === request.asking)) result.rejected.set(slot.name, firstRefusal ?? { code: 'no_value' });
  }
  return result;
}
