// Server-sent events read with fetch, not EventSource: EventSource cannot send the Authorization
// header, and the token must not travel in a URL, where logs would keep it.

/** One block of a text/event-stream: `{ type, data }` for an event with JSON data, `{ retry }` for a retry line, else null (a comment). */
function parseBlock(block) {
  let type = 'message';
  let data = null;
  for (const line of block.split('\n')) {
    if (line.startsWith('retry: ')) return { retry: Number(line.slice('retry: '.length)) };
    if (line.startsWith('event: ')) type = line.slice('event: '.length);
    else if (line.startsWith('data: ')) data = line.slice('data: '.length);
  }
  if (data === null) return null;
  try {
    return { type, data: JSON.parse(data) };
  } catch {
    return null; // not ours to show
  }
}

/** Reads a stream's body until it ends, handing each parsed block to `onBlock`. */
async function readBlocks(body, onBlock) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += value;
    let end;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const parsed = parseBlock(buffered.slice(0, end));
      buffered = buffered.slice(end + 2);
      if (parsed) onBlock(parsed);
    }
  }
}

/**
 * Follows an event stream until the returned function is called: `open(signal)` resolves with the
 * fetch Response (api.js' openStream); every event goes to `onEvent(type, data)`. When the stream
 * drops or cannot be opened it reconnects after the server's `retry:` time, except after a 401 (the
 * session is over and the page has gone back to the login). `onLive(true|false)` says whether it is connected.
 */
export function followEventStream(open, { onEvent, onLive = () => undefined }) {
  let retryMs = 3000;
  let stopped = false;
  let controller;
  let timer;
  async function connect() {
    controller = new AbortController();
    try {
      const response = await open(controller.signal);
      onLive(true);
      await readBlocks(response.body, (block) => (block.retry === undefined ? onEvent(block.type, block.data) : (retryMs = block.retry)));
    } catch (error) {
      if (error?.status === 401) stopped = true;
    }
    if (stopped) return;
    onLive(false);
    timer = setTimeout(connect, retryMs);
  }
  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    controller?.abort();
  };
}
