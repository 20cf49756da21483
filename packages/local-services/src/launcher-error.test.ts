import { ConfigError } from '@chatbot/core';
import { describe, expect, it } from 'vitest';
import { LauncherError, describeError, failureLine, oneLine } from './launcher-error';

describe('describeError', () => {
  it('never says "undefined": a rejection with nothing still gets a sentence', () => {
    for (const nothing of [undefined, null, '']) {
      expect(describeError(nothing)).toBe('it failed without saying why (no error message was given)');
    }
  });

  it("gives an error's message, its code when it has no message, and its cause", () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError(Object.assign(new Error(''), { code: 'ECONNRESET' }))).toBe('Error ECONNRESET');
    expect(describeError(new Error('could not migrate', { cause: new Error('connect ECONNREFUSED 127.0.0.1:5432') }))).toBe(
      'could not migrate (cause: connect ECONNREFUSED 127.0.0.1:5432)',
    );
    expect(describeError(new AggregateError([new Error('connect ECONNREFUSED ::1:6379'), new Error('connect ECONNREFUSED 127.0.0.1:6379')], ''))).toBe(
      'connect ECONNREFUSED ::1:6379; connect ECONNREFUSED 127.0.0.1:6379',
    );
    expect(describeError({ status: 500 })).toBe('{ status: 500 }');
  });

  it('puts a multi-line message on one line', () => {
    const error = new ConfigError('Invalid configuration:\n  - PORT: PORT must be a port number\n  - API_PORT: API_PORT must be a port number');
    expect(describeError(error)).toBe('Invalid configuration: PORT: PORT must be a port number; API_PORT: API_PORT must be a port number');
    expect(oneLine('first\n\n  second  \n')).toBe('first; second');
  });
});

describe('failureLine', () => {
  it('adds the fix after the message, on the same line', () => {
    expect(failureLine(new LauncherError('Port 3000 is in use', 'Set PORT to a free port.'))).toBe('Port 3000 is in use. Set PORT to a free port.');
    expect(failureLine(new LauncherError('It is gone.', 'Start it.'))).toBe('It is gone. Start it.');
    expect(failureLine(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toMatch(/write\. The disk is full/);
    expect(failureLine(new Error('plain'))).toBe('plain');
  });
});
