import type { OutboundMessage } from '@chatbot/core';
import type { BotEntry } from './protocol';

/** The chat's line announcing a person, in the conversation's language (English unless it is Chinese). */
function joinedText(agentName: string, language: string | null): string {
  return language === 'zh' ? `${agentName} 已加入对话` : `${agentName} joined the chat`;
}

/**
 * The history entry "Sam joined the chat" shown before an agent's reply. Its id is derived from the
 * reply's, so each reply announces at most one join however often it is delivered.
 */
export function agentJoinedEntry(message: OutboundMessage, agentName: string): Omit<BotEntry, 'seq'> {
  return {
    role: 'bot',
    id: `joined-${message.id}`,
    text: joinedText(agentName, message.language),
    buttons: [],
    replyTo: null,
    kind: 'joined',
    sender: agentName,
    at: message.createdAt,
  };
}
