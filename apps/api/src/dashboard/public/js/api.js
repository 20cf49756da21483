// The admin API client: every call carries the token; errors come back as ApiError with the
// API's own message; a 401 means the token is gone or revoked, and the page returns to the login.

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, message, reasons = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    /** Each problem of a refused definition (a form, a custom entity), when the API lists them. */
    this.reasons = reasons;
  }
}

/** Reads `{ error: { message, reasons? } }` from a failed answer, or says what status came back. */
async function failure(response) {
  const payload = await response.json().catch(() => null);
  const reasons = Array.isArray(payload?.error?.reasons) ? payload.error.reasons.map(String) : [];
  return new ApiError(response.status, payload?.error?.message ?? `${response.status} ${response.statusText}`, reasons);
}

export function createApi(token, onUnauthorized) {
  /** The answer of a successful call; a refusal throws ApiError. */
  async function send(method, path, body, signal) {
    const headers = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${API_BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    if (response.status === 401) onUnauthorized();
    if (!response.ok) throw await failure(response);
    return response;
  }
  async function request(method, path, body) {
    const response = await send(method, path, body);
    return response.status === 204 ? null : response.json();
  }
  return {
    /** Opens a text/event-stream (event-stream.js follows it); `signal` ends it. */
    openStream: (path, signal) => send('GET', path, undefined, signal),
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
    patch: (path, body) => request('PATCH', path, body),
    delete: (path) => request('DELETE', path),
  };
}

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Checks the token and opens a session (the HttpOnly cookie that lets bull-board's own pages in).
 * Resolves with `{ actor, role }`, and for an agent key `agent: { id, displayName }`.
 */
export async function openSession(token) {
  const response = await fetch('/admin/session', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw await failure(response);
  return response.json();
}

export async function closeSession() {
  await fetch('/admin/session', { method: 'DELETE' });
}
