// Text of LangChain messages as the engine measures it: the words a model reads, without provider metadata.
import { AIMessage, BaseMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';

/** Joins the text parts of a message's content; images and other non-text blocks contribute nothing. */
export function messageText(message: BaseMessage): string {
  return contentText(message.content);
}

/** Joins the text parts of message content given as a string or as content blocks. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';

  const parts: string[] = [];
  for (const block of content) {
    if (typeof block === 'string') parts.push(block);
    else if (isTextBlock(block)) parts.push(block.text);
  }
  return parts.join('\n');
}

/** Maps a message to its role for the engine; tool results have none, because they are fed as results. */
export function messageRole(message: BaseMessage): 'system' | 'user' | 'assistant' | undefined {
  if (SystemMessage.isInstance(message)) return 'system';
  if (AIMessage.isInstance(message)) return 'assistant';
  if (ToolMessage.isInstance(message)) return undefined;
  return message.getType() === 'human' ? 'user' : message.getType() === 'ai' ? 'assistant' : undefined;
}

/** True when the summarization middleware wrote this message in place of the history it dropped. */
export function isSummaryMessage(message: BaseMessage): boolean {
  return message.additional_kwargs?.lc_source === 'summarization';
}

/** Computes a short fingerprint of a message's content, so a rewrite under the same id is noticed. */
export function contentFingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${text.length}:${(hash >>> 0).toString(16)}`;
}

function isTextBlock(block: unknown): block is { type: 'text'; text: string } {
  return (
    typeof block === 'object' &&
    block !== null &&
    (block as { type?: unknown }).type === 'text' &&
    typeof (block as { text?: unknown }).text === 'string'
  );
}
