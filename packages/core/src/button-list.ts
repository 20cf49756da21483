import type { OutboundMessage } from './messages';

/**
 * A reply's buttons written out under its text, for a channel that cannot show buttons (SMS, e-mail,
 * a plain-text chat service): one numbered line each, in the order a channel with buttons shows them,
 * a link with its address. The worker reads a bare number typed after such a reply as that button
 * (apps/worker button-choice.ts counts the same way), so "2" works like a click.
 */
export function withNumberedButtons(text: string, buttons: OutboundMessage['buttons']): string {
  if (buttons.length === 0) return text;
  const lines = buttons.map((button, index) => `${index + 1}. ${button.label}${button.type === 'link' ? `: ${button.url}` : ''}`);
  return `${text}\n\n${lines.join('\n')}`;
}
