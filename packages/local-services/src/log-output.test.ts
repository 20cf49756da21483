import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LogOutput, chooseLogFormat } from './log-output';

function capture(format: 'pretty' | 'json', secrets: string[] = []) {
  const out = new PassThrough();
  const err = new PassThrough();
  const read = (stream: PassThrough) => () => stripVTControlCharacters(String(stream.read() ?? ''));
  return { output: new LogOutput(format, secrets, out, err), out: read(out), err: read(err) };
}

const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: '2026-01-02T03:04:05.000Z', pid: 1, hostname: 'h', ...fields });

describe('chooseLogFormat', () => {
  it('is pretty on a terminal, JSON elsewhere, and LOG_FORMAT decides when set', () => {
    expect(chooseLogFormat(undefined, true)).toBe('pretty');
    expect(chooseLogFormat(undefined, false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });
});

describe('LogOutput', () => {
  it('pretty: one short line per log line (time, level, service, message, conversation, error), no other fields', () => {
    const { output, out } = capture('pretty');
    output.childLine('worker', 'stdout', line({ service: 'worker', msg: 'worker ready', backend: 'wasm', modelVersion: 'v1' }));
    output.childLine(
      'worker',
      'stdout',
      line({
        level: 50,
        service: 'worker',
        conversationId: 'web:abc',
        jobId: '7',
        err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x' },
        msg: 'inbound job failed',
      }),
    );
    const lines = out().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: worker +worker ready$/);
    expect(lines[1]).toMatch(/^\[\d\d:\d\d:\d\d\] ERROR: worker +inbound job failed \[conversation web:abc\]: boom$/);
  });

  it("json: the processes' JSON lines pass unchanged, and every other line becomes one", () => {
    const { output, out } = capture('json');
    const json = line({ service: 'api', msg: 'stopping' });
    output.childLine('api', 'stdout', json);
    output.childLine('bootstrap', 'stdout', 'Training the default model ...');
    output.say('warn', 'Redis keeps nothing on disk');
    const [passed, wrapped, own] = out()
      .trimEnd()
      .split('\n')
      .map((text) => JSON.parse(text));
    expect(JSON.stringify(passed)).toBe(json);
    expect(wrapped).toMatchObject({ level: 30, service: 'bootstrap', msg: 'Training the default model ...' });
    expect(own).toMatchObject({ level: 40, service: 'start', msg: 'Redis keeps nothing on disk' });
  });

  it('scrubs the secrets from every line, stderr text included, in both formats', () => {
    for (const format of ['pretty', 'json'] as const) {
      const { output, out } = capture(format, ['s3cret-admin-token']);
      output.childLine('api', 'stderr', 'Error: login failed for token s3cret-admin-token');
      output.childLine('api', 'stdout', line({ msg: 'token "s3cret-admin-token"' }));
      const text = out();
      expect(text).not.toContain('s3cret-admin-token');
      expect(text).toContain('[redacted]');
    }
  });

  it("remembers a process's last error: Node's crash report line, a configuration error's list, or an error log line", () => {
    const { output } = capture('json');
    for (const text of [
      'node:events:502',
      '      throw er; // Unhandled error event',
      '      ^',
      '',
      'Error: listen EADDRINUSE: address already in use 0.0.0.0:3000',
      '    at Server.setupListenHandle [as _listen2] (node:net:1908:16)',
      "  code: 'EADDRINUSE',",
      'Node.js v20.19.0',
    ]) {
      output.childLine('adapters', 'stderr', text);
    }
    expect(output.lastErrorOf('adapters')).toBe('Error: listen EADDRINUSE: address already in use 0.0.0.0:3000');

    output.childLine('worker', 'stderr', 'Invalid configuration:');
    output.childLine('worker', 'stderr', '  - NLU_THRESHOLD: NLU_THRESHOLD must be a number from 0 to 1');
    expect(output.lastErrorOf('worker')).toBe('Invalid configuration: NLU_THRESHOLD: NLU_THRESHOLD must be a number from 0 to 1');

    output.childLine('db-migrate', 'stdout', line({ level: 50, msg: 'connect ECONNREFUSED 127.0.0.1:5999' }));
    expect(output.lastErrorOf('db-migrate')).toBe('connect ECONNREFUSED 127.0.0.1:5999');
    output.forget('db-migrate');
    expect(output.lastErrorOf('db-migrate')).toBeUndefined();
  });

  it('block: the summary as it is on a terminal, and as one JSON line of facts otherwise', () => {
    const pretty = capture('pretty');
    pretty.output.block(['  The chatbot platform is up.', '  Chat page  http://localhost:3000/'], 'up', { chatUrl: 'http://localhost:3000/' });
    expect(pretty.out()).toBe('\n  The chatbot platform is up.\n  Chat page  http://localhost:3000/\n\n');
    const json = capture('json');
    json.output.block(['ignored'], 'the chatbot platform is up', { chatUrl: 'http://localhost:3000/' });
    expect(JSON.parse(json.out())).toMatchObject({ service: 'start', msg: 'the chatbot platform is up', chatUrl: 'http://localhost:3000/' });
  });

  it("sends the launcher's own errors to stderr", () => {
    const { output, out, err } = capture('pretty');
    output.say('error', 'Port 3000 is in use');
    expect(out()).toBe('');
    expect(err()).toMatch(/ERROR: start +Port 3000 is in use/);
  });
});
