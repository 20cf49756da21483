/**
 * The text/event-stream wire format (the HTML standard's server-sent events), for what the API
 * streams to dashboards.
 */

/** Headers of a stream: never cached, and not held back by a buffering proxy (nginx honours X-Accel-Buffering). */
export const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
} as const;

/** One event of type `type`. Its data is JSON on one line: JSON.stringify writes no newline, which would split the field. */
export function serverSentEvent(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment, which clients ignore: sent now and then, it keeps proxies from closing a quiet connection. */
export function serverSentComment(text: string): string {
  return `: ${text}\n\n`;
}

/** Tells the client how long to wait before reconnecting when the stream drops. */
export function serverSentRetry(ms: number): string {
  return `retry: ${ms}\n\n`;
}
