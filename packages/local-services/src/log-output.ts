import { scrubSecrets } from '@chatbot/core';
import { prettyFactory } from 'pino-pretty';
import { z } from 'zod';
import { oneLine } from './launcher-error';

/** `pretty`: short lines for a person at a terminal; `json`: pino's JSON lines, for log shippers. */
export type LogFormat = 'pretty' | 'json';

export const logFormatSetting = z.enum(['pretty', 'json'], 'LOG_FORMAT must be pretty or json').optional();

/** LOG_FORMAT when set; otherwise pretty on a terminal and JSON whenever the output goes elsewhere (a file, a pipe, a log shipper). */
export function chooseLogFormat(setting: LogFormat | undefined, isTerminal: boolean): LogFormat {
  return setting ?? (isTerminal ? 'pretty' : 'json');
}

/** The fields of a pino line that matter here; the rest is kept as it is. */
const logRecord = z.looseObject({
  level: z.number(),
  msg: z.string().optional(),
  service: z.string().optional(),
  name: z.string().optional(),
  conversationId: z.string().optional(),
  err: z.looseObject({ message: z.string().optional() }).optional(),
});
type LogRecord = z.infer<typeof logRecord>;

const LEVELS = { info: 30, warn: 40, error: 50 } as const;
/** An error as Node prints it on a crash: `Error: ...`, `TypeError [ERR_X]: ...`. */
const ERROR_LINE = /^([A-Z]\w*)?(Error|Exception)( \[\w+\])?: \S/;
/** The rest of a crash report: stack frames, the source excerpt and its caret, the error's fields, Node's version. */
const NOT_THE_ERROR = /^(at |\^+$|Node\.js v|[{}]|\w+: .*,$|\/.*:\d+$)/;
/** How many of a process's last stderr lines are kept for its error message. */
const STDERR_TAIL = 40;

function parseRecord(line: string): LogRecord | null {
  if (!line.startsWith('{')) return null;
  try {
    const parsed = logRecord.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Everything `pnpm start` shows: its own lines, and the lines its processes print (pino JSON on
 * stdout, anything on stderr). In `pretty` format each becomes one short line (time, level,
 * service, message, the conversation id where there is one, the error's message), formatted by
 * pino-pretty; in `json` format the processes' JSON lines pass as they are and every other line
 * becomes one. The processes scrub their own secrets; every line is scrubbed again here, since
 * text on stderr (a stack trace, a library's warning) never went through a logger.
 * It also remembers each process's last error, for the message when one fails to start.
 */
export class LogOutput {
  private readonly pretty: (record: LogRecord) => string;
  /** Per process: its latest error log line, and the tail of what it printed on stderr, numbered in order. */
  private readonly errors = new Map<string, { logged?: { text: string; at: number }; stderr: Array<{ line: string; at: number }> }>();
  private lines = 0;

  constructor(
    readonly format: LogFormat,
    private readonly secrets: readonly string[],
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WritableStream = process.stderr,
  ) {
    this.pretty = prettyFactory({
      translateTime: 'SYS:HH:MM:ss',
      hideObject: true,
      ignore: 'pid,hostname,name,service',
      messageFormat: (log, messageKey) => {
        const record = log as LogRecord;
        const service = (record.service ?? record.name ?? '-').padEnd(9);
        const conversation = record.conversationId ? ` [conversation ${record.conversationId}]` : '';
        const error = record.err?.message ? `: ${record.err.message}` : '';
        return `${service} ${String(log[messageKey] ?? '')}${conversation}${error}`;
      },
    });
  }

  /** A line that process `service` printed on `stream`. */
  childLine(service: string, stream: 'stdout' | 'stderr', rawLine: string): void {
    const line = scrubSecrets(rawLine, this.secrets);
    if (line.trim() === '') return;
    const errors = this.errors.get(service) ?? { stderr: [] };
    this.errors.set(service, errors);
    const at = ++this.lines;
    const record = parseRecord(line);
    if (record) {
      if (record.level >= LEVELS.error) errors.logged = { text: [record.msg, record.err?.message].filter(Boolean).join(': ') || line, at };
      this.out.write(this.format === 'json' ? `${line}\n` : this.pretty(record));
      return;
    }
    if (stream === 'stderr') errors.stderr = [...errors.stderr.slice(-(STDERR_TAIL - 1)), { line: line.trim(), at }];
    this.write({ level: stream === 'stderr' ? LEVELS.error : LEVELS.info, service, msg: line });
  }

  /** A line of the launcher's own; errors go to stderr. */
  say(level: keyof typeof LEVELS, msg: string, fields: Record<string, unknown> = {}): void {
    this.write({ ...fields, level: LEVELS[level], service: 'start', msg }, level === 'error' ? this.err : this.out);
  }

  /** A block for people (the status summary); in `json` format one line with `fields` instead. */
  block(lines: readonly string[], msg: string, fields: Record<string, unknown>): void {
    if (this.format === 'pretty') this.out.write(`\n${lines.join('\n')}\n\n`);
    else this.say('info', msg, fields);
  }

  /**
   * What process `service` last reported as an error, in one line: its latest error log line, or
   * what it printed on stderr since (Node's crash report: the `Error: ...` line; a configuration
   * error: its whole list), whichever came last.
   */
  lastErrorOf(service: string): string | undefined {
    const errors = this.errors.get(service);
    if (!errors) return undefined;
    const stderr = errors.stderr.filter((entry) => !NOT_THE_ERROR.test(entry.line));
    const crash = stderr.findLast((entry) => ERROR_LINE.test(entry.line));
    const printed = crash ?? (stderr.length > 0 ? { line: oneLine(stderr.map((entry) => entry.line).join('\n')), at: stderr.at(-1)!.at } : undefined);
    if (errors.logged && (!printed || errors.logged.at > printed.at)) return errors.logged.text;
    return printed ? printed.line.slice(0, 500) : undefined;
  }

  /** Forgets what `service` printed (it starts again). */
  forget(service: string): void {
    this.errors.delete(service);
  }

  private write(record: LogRecord, stream: NodeJS.WritableStream = this.out): void {
    const { level, service, msg, ...fields } = record;
    const full = { level, time: new Date().toISOString(), service, ...fields, msg };
    stream.write(scrubSecrets(this.format === 'json' ? `${JSON.stringify(full)}\n` : this.pretty(full), this.secrets));
  }
}
