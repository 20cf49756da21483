import { readBotData } from '@chatbot/default-bot';

/** The default bot's English replies for an intent (what the real worker answers it with). */
export async function englishRepliesOf(intent: string): Promise<string[]> {
  const { catalogue } = await readBotData();
  return catalogue.find((entry) => entry.name === intent)?.responses.en ?? [];
}
