import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { ActionResponseSchema, IDEMPOTENCY_HEADER, signatureHeaders, type ActionRequest, type ActionResponse } from '@chatbot/actions-sdk';
import { BrokenCircuitError, ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry, wrap, type IPolicy } from 'cockatiel';
import type { ActionConfig } from './action-config';
import { PrivateAddressError, addressRange, isPublicAddress, publicOnlyLookup } from './address-guard';

/** An action's answer may be at most this big; a larger one (a 10 MB page by mistake) is refused unread. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;
/** Consecutive failed requests after which an action's circuit opens, and how long it stays open. */
export const BREAKER_FAILURES = 5;
export const BREAKER_OPEN_MS = 30_000;

export type ActionCallStatus = 'ok' | 'error' | 'timeout' | 'circuit_open';

export type ActionCallOutcome =
  | { status: 'ok'; httpStatus: number; latencyMs: number; requests: number; response: ActionResponse }
  | { status: Exclude<ActionCallStatus, 'ok'>; httpStatus: number | null; latencyMs: number; requests: number; error: string };

/** Why one HTTP request to an action failed, and whether trying again could help. */
class ActionRequestError extends Error {
  constructor(
    message: string,
    readonly options: { retryable: boolean; httpStatus?: number; timeout?: boolean },
  ) {
    super(message);
  }
}

export interface CallOptions {
  /** Leave the circuit breaker out (the dashboard's Test button: an admin checking a broken action wants the real error). */
  bypassBreaker?: boolean;
  /** Stops the call early (the worker shutting down). */
  signal?: AbortSignal;
}

/**
 * Calls actions: signs each request, POSTs it with the action's timeout over everything (retries
 * included), retries connection errors and 5xx answers with backoff, and keeps one circuit breaker per
 * action (and URL), so a backend that is down costs one fast apology per message instead of a timeout each.
 * Never throws: every failure is an outcome with a reason fit for the dashboard.
 */
export class ActionCaller {
  private readonly breakers = new Map<string, IPolicy>();

  async call(config: ActionConfig, request: ActionRequest, options: CallOptions = {}): Promise<ActionCallOutcome> {
    const started = performance.now();
    const body = JSON.stringify(request);
    const deadline = AbortSignal.timeout(config.timeoutMs);
    const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
    let requests = 0;
    let lastStatus: number | null = null;
    const attempt = async ({ signal: attemptSignal }: { signal: AbortSignal }) => {
      requests++;
      try {
        return await postOnce(config, body, request.idempotencyKey, attemptSignal);
      } catch (error) {
        if (error instanceof ActionRequestError) lastStatus = error.options.httpStatus ?? lastStatus;
        throw error;
      }
    };
    const retries = retry(
      handleWhen((error) => error instanceof ActionRequestError && error.options.retryable),
      { maxAttempts: config.retries, backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 1000 }) },
    );
    const policy = options.bypassBreaker ? retries : wrap(retries, this.breakerFor(config));
    const latency = () => Math.round(performance.now() - started);
    try {
      const { httpStatus, response } = await policy.execute(attempt, signal);
      return { status: 'ok', httpStatus, latencyMs: latency(), requests, response };
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        return {
          status: 'circuit_open',
          httpStatus: null,
          latencyMs: latency(),
          requests,
          error: `circuit open after ${BREAKER_FAILURES} failures in a row; trying again after ${BREAKER_OPEN_MS / 1000} s`,
        };
      }
      const timedOut = deadline.aborted || (error instanceof ActionRequestError && error.options.timeout === true);
      if (timedOut) return { status: 'timeout', httpStatus: lastStatus, latencyMs: latency(), requests, error: `no answer within ${config.timeoutMs} ms` };
      const message = error instanceof Error ? error.message : String(error);
      return { status: 'error', httpStatus: lastStatus, latencyMs: latency(), requests, error: message };
    }
  }

  private breakerFor(config: ActionConfig): IPolicy {
    const key = `${config.name} ${config.url}`;
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = circuitBreaker(
        handleWhen((error) => error instanceof ActionRequestError),
        { halfOpenAfter: BREAKER_OPEN_MS, breaker: new ConsecutiveBreaker(BREAKER_FAILURES) },
      );
      this.breakers.set(key, breaker);
    }
    return breaker;
  }
}

/** One signed POST; resolves with the validated answer or rejects with an ActionRequestError. */
function postOnce(config: ActionConfig, body: string, idempotencyKey: string, signal: AbortSignal): Promise<{ httpStatus: number; response: ActionResponse }> {
  const url = new URL(config.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // A literal address never goes through the lookup below, so it is checked here.
  if (!config.allowPrivateNetwork && isIP(host) !== 0 && !isPublicAddress(host)) {
    return Promise.reject(new ActionRequestError(new PrivateAddressError(host, host, addressRange(host)).message, { retryable: false }));
  }
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const fail = (message: string, options: ActionRequestError['options']) => reject(new ActionRequestError(message, options));
    const outgoing = transport.request(
      url,
      {
        method: 'POST',
        signal,
        ...(config.allowPrivateNetwork ? {} : { lookup: publicOnlyLookup }),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'chatbot-platform-actions/1',
          [IDEMPOTENCY_HEADER]: idempotencyKey,
          ...signatureHeaders(config.secret, body),
        },
      },
      (incoming) => {
        const status = incoming.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          incoming.destroy();
          const location = incoming.headers.location;
          return fail(`answered ${status}, a redirect${location ? ` to ${safeHost(location, url)}` : ''}; actions are not redirected (configure the final URL)`, {
            retryable: false,
            httpStatus: status,
          });
        }
        const declared = Number(incoming.headers['content-length'] ?? 0);
        if (declared > MAX_RESPONSE_BYTES) {
          incoming.destroy();
          return fail(`answer of ${declared} bytes is larger than ${MAX_RESPONSE_BYTES}`, { retryable: false, httpStatus: status });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            incoming.destroy();
            fail(`answer is larger than ${MAX_RESPONSE_BYTES} bytes`, { retryable: false, httpStatus: status });
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('error', (error) => fail(describe(error, signal), { retryable: !signal.aborted, timeout: signal.aborted, httpStatus: status }));
        incoming.on('end', () => {
          if (size > MAX_RESPONSE_BYTES) return;
          if (status >= 500) return fail(`answered ${status}`, { retryable: true, httpStatus: status });
          if (status !== 200) return fail(`answered ${status}`, { retryable: false, httpStatus: status });
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return fail('answer is not JSON', { retryable: false, httpStatus: status });
          }
          const parsed = ActionResponseSchema.safeParse(json);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            return fail(`answer is not a valid action response: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}`, {
              retryable: false,
              httpStatus: status,
            });
          }
          resolve({ httpStatus: status, response: parsed.data });
        });
      },
    );
    outgoing.on('error', (error) => {
      const privateAddress = error instanceof PrivateAddressError;
      fail(describe(error, signal), { retryable: !privateAddress && !signal.aborted, timeout: signal.aborted });
    });
    outgoing.end(body);
  });
}

function describe(error: Error, signal: AbortSignal): string {
  if (signal.aborted) return 'timed out';
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

/** The host of a redirect target, for the error (never its query, which may carry tokens). */
function safeHost(location: string, base: URL): string {
  try {
    return new URL(location, base).host;
  } catch {
    return 'an unreadable location';
  }
}
