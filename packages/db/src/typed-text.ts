import { storableText } from '@chatbot/core';
import { z } from 'zod';

/**
 * Text a person typed for the store (a reply, a note, a reason): trimmed, with what PostgreSQL cannot
 * store replaced (storableText), neither empty nor over `max` characters. It stays plain text: whoever
 * shows it escapes it.
 */
export function typedTextSchema(what: string, max: number, tooLongBecause = '') {
  return z
    .string()
    .transform(storableText)
    .pipe(z.string().trim().min(1, `${what} is empty`).max(max, `${what} is longer than ${max} characters${tooLongBecause}`));
}
