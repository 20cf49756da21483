import {
  ConflictingExampleError,
  ConversationClaimedError,
  ConversationNotHandedOffError,
  DuplicateIntentError,
  RecordNotFoundError,
  UnknownIntentError,
} from '@chatbot/db';
import { ZodError } from 'zod';

export type ApiErrorCode = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable' | 'too_many_requests' | 'unavailable' | 'internal';

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'unprocessable',
  429: 'too_many_requests',
  503: 'unavailable',
};

/**
 * An error the admin API answers with `{ error: { code, message } }` and this status; a refusal
 * with several problems (a form that fails its check) lists each one in `reasons` as well.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ApiErrorCode;
  constructor(
    readonly status: number,
    message: string,
    readonly reasons?: readonly string[],
  ) {
    super(message);
    this.code = CODE_BY_STATUS[status] ?? 'internal';
  }

  /** The answer's body. */
  toBody(): { error: { code: ApiErrorCode; message: string; reasons?: string[] } } {
    return { error: { code: this.code, message: this.message, ...(this.reasons ? { reasons: [...this.reasons] } : {}) } };
  }
}

/** One line per problem, e.g. `body.intent: intent names are letters, ...`. */
export function describeZodError(where: string, error: ZodError): string {
  return error.issues.map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`).join('; ');
}

/** Maps what routes and repository functions throw to the status the client should see. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof RecordNotFoundError) return new ApiError(404, error.message);
  if (error instanceof UnknownIntentError) return new ApiError(422, error.message);
  if (error instanceof DuplicateIntentError || error instanceof ConflictingExampleError) return new ApiError(409, error.message);
  if (error instanceof ConversationNotHandedOffError || error instanceof ConversationClaimedError) return new ApiError(409, error.message);
  if (error instanceof ZodError) return new ApiError(400, describeZodError('input', error));
  // Fastify's own request errors (malformed JSON, unsupported content type, body too large).
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new ApiError(CODE_BY_STATUS[statusCode] ? statusCode : 400, (error as Error).message);
  }
  return new ApiError(500, 'internal error (see the API log)');
}
