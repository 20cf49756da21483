import { StoredButtonSchema } from '@chatbot/db';

/** "2", "2.", "2)", "２": a number on its own, as someone picks from a numbered list. */
const PICK = /^\s*([0-9\uff10-\uff19]{1,2})\s*[.)。]?\s*$/u;

/**
 * What a user means by typing a number after a reply with buttons: the text of that button (counted
 * from 1, in the order shown), as if they had clicked it. A channel without buttons shows them as a
 * numbered list, and people type numbers at buttons anyway. Null for anything else, a number out of
 * range, or a link button (typing cannot open a page).
 */
export function chosenButtonText(text: string, replyButtons: unknown): string | null {
  const pick = PICK.exec(text);
  if (!pick) return null;
  const buttons = StoredButtonSchema.array().safeParse(replyButtons);
  if (!buttons.success) return null;
  const digits = pick[1]!.replace(/[\uff10-\uff19]/gu, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
  const button = buttons.data[Number(digits) - 1];
  return button?.type === 'reply' ? (button.text ?? button.label) : null;
}
