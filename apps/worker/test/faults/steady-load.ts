import { ChatClient } from './chat-client';
import type { FaultPlatform } from './fault-platform';

/**
 * Questions the default bot answers at once with confidence (the order question carries its number,
 * so its form asks nothing), so no conversation is handed off (and falls silent) or waits on a question.
 */
const QUESTIONS = ['where is my order 48213?', 'what time do you open?', 'how long does delivery take?', '我的订单48213到哪了'];

/**
 * Steady load as chat users make it, through the web chat's real sockets: `conversations` chat tabs
 * (named `<tag>-<n>`), each typing a message every `intervalMs` (20 every 400 ms: 50 messages a
 * second) for `durationMs`. Resolves once the typing stops, with the tabs still open (they go on
 * resending what was not acknowledged and receiving replies).
 */
export async function chatSteadily(
  platform: FaultPlatform,
  options: { conversations: number; intervalMs: number; durationMs: number; tag: string },
): Promise<ChatClient[]> {
  const clients = Array.from({ length: options.conversations }, (_, c) => new ChatClient(platform.chatUrl, `${options.tag}-${c}`));
  await Promise.all(clients.map((client) => client.open()));
  const deadline = Date.now() + options.durationMs;
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const typedAt = Date.now();
        client.type(QUESTIONS[i % QUESTIONS.length]!);
        await new Promise((r) => setTimeout(r, Math.max(0, options.intervalMs - (Date.now() - typedAt))));
      }
    }),
  );
  return clients;
}
