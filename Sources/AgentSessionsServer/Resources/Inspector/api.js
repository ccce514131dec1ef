// The HTTP API of agent-sessions, as the inspector uses it: every call sends the stored API
// key (`Authorization: Bearer`), or, in open mode, the chosen app (`?app=`); every failure is
// an ApiError carrying the server's error code and message.

const KEY_STORAGE = "agent-sessions.inspector.api-key";
const DEFAULT_APP = "default";

/** A failed API call: the HTTP status (0 when the server could not be reached), code and message. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {string | null} [field]
   */
  constructor(status, code, message, field = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** The phases of the standard lifecycle, in order. */
export const PHASES = [
  "initializing", "investigating", "planning", "approval", "executing", "validating",
  "completed", "failed", "abandoned",
];

let app = DEFAULT_APP;

/**
 * Chooses the app of the calls that follow (open mode only; a key names its own app).
 *
 * @param {string | null | undefined} name Empty or missing for `default`.
 */
export function setApp(name) {
  app = name || DEFAULT_APP;
}

/** @returns {string} The app chosen with `setApp`. */
export function currentApp() {
  return app;
}

/** @returns {string} The app used when none is chosen. */
export function defaultApp() {
  return DEFAULT_APP;
}

/** @returns {string | null} The API key kept for this tab, if any. */
export function storedKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

/**
 * Keeps an API key for the lifetime of this tab (sessionStorage), never in a URL.
 *
 * @param {string} key
 */
export function storeKey(key) {
  sessionStorage.setItem(KEY_STORAGE, key);
}

/** Forgets the stored API key. */
export function forgetKey() {
  try {
    sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage unavailable: there is nothing to forget.
  }
}

/**
 * The path of a session's resource.
 *
 * @param {string} id
 * @param {string} [rest] Such as "/items".
 * @returns {string}
 */
function sessionPath(id, rest = "") {
  // `/v1/sessions/count` is the count of sessions: the session `count` is reached encoded.
  const segment = id === "count" ? "%63ount" : encodeURIComponent(id);
  return `/v1/sessions/${segment}${rest}`;
}

/**
 * A URL of the API: the query's non-empty values, plus the app in open mode.
 *
 * @param {string} path
 * @param {Record<string, string | number | boolean | null | undefined>} [query]
 * @returns {string}
 */
function apiUrl(path, query = {}) {
  const pairs = Object.entries(storedKey() ? query : { ...query, app })
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`);
  // Not URLSearchParams: it writes a blank as "+", which the server reads as a plus sign.
  return pairs.length > 0 ? `${path}?${pairs.join("&")}` : path;
}

/**
 * The headers of every call: the key, when one is stored.
 *
 * @param {Record<string, string>} [extra]
 * @returns {Record<string, string>}
 */
function headers(extra = {}) {
  const key = storedKey();
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

/**
 * Sends a request; answers the response when its status is 2xx.
 *
 * @param {string} method
 * @param {string} url
 * @param {RequestInit} init
 * @returns {Promise<Response>}
 * @throws {ApiError} On an error answer or when the server cannot be reached; an abort is rethrown as it is.
 */
async function send(method, url, init) {
  let response;
  try {
    response = await fetch(url, { ...init, method, cache: "no-store", credentials: "omit" });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "unreachable", "Cannot reach the server");
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

/**
 * The ApiError of an error answer, from its `{"error": {code, message, field}}` body.
 *
 * @param {Response} response
 * @returns {Promise<ApiError>}
 */
async function errorOf(response) {
  try {
    const { error } = await response.json();
    if (error && typeof error.message === "string") {
      return new ApiError(response.status, String(error.code), error.message, error.field ?? null);
    }
  } catch {
    // Not the API's error shape: described by its status below.
  }
  return new ApiError(response.status, "http_error", `The server answered ${response.status} ${response.statusText}`.trim());
}

/**
 * A JSON call.
 *
 * @param {string} method
 * @param {string} path
 * @param {{query?: Record<string, any>, body?: unknown, signal?: AbortSignal}} [options]
 * @returns {Promise<any>} The parsed answer.
 */
async function call(method, path, { query, body, signal } = {}) {
  const init = { headers: headers({ Accept: "application/json" }), signal };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await send(method, apiUrl(path, query), init);
  return response.json();
}

/**
 * One page of the app's sessions, most recently active first.
 *
 * @param {{user?: string, agent?: string, parent?: string, phase?: string, active?: string, tag?: string, fields?: string, limit?: number, cursor?: string}} query
 * @param {AbortSignal} [signal]
 * @returns {Promise<{sessions: object[], next_cursor: string | null}>}
 */
export function listSessions(query, signal) {
  return call("GET", "/v1/sessions", { query, signal });
}

/**
 * What to send to a model for a session: the summaries of its compactions in place of the
 * items they stand for, then the items after them.
 *
 * @param {string} id
 * @param {AbortSignal} [signal]
 * @returns {Promise<{items: object[], tokens_before: number, tokens_after: number}>}
 */
export function modelContext(id, signal) {
  return call("GET", sessionPath(id, "/context"), { signal });
}

/**
 * What a session's items cost a model: every item's tokens and the model's view's.
 *
 * @param {string} id
 * @param {AbortSignal} [signal]
 * @returns {Promise<{item_count: number, tokens: number, counted_items: number, context_tokens: number}>}
 */
export function sessionTokens(id, signal) {
  return call("GET", sessionPath(id, "/tokens"), { signal });
}

/**
 * @param {string} id
 * @param {AbortSignal} [signal]
 * @returns {Promise<object>} The session.
 */
export function getSession(id, signal) {
  return call("GET", sessionPath(id), { signal });
}

/**
 * Items of a session, oldest first: the last `limit` alone, or `limit` after `after`.
 *
 * @param {string} id
 * @param {{after?: number, limit?: number}} query
 * @param {AbortSignal} [signal]
 * @returns {Promise<{items: object[]}>}
 */
export function listItems(id, query, signal) {
  return call("GET", sessionPath(id, "/items"), { query, signal });
}

/**
 * A session's compactions (summaries that stand for ranges of its items), oldest first.
 *
 * @param {string} id
 * @param {AbortSignal} [signal]
 * @returns {Promise<{compactions: object[]}>}
 */
export function listCompactions(id, signal) {
  return call("GET", sessionPath(id, "/compactions"), { signal });
}

/**
 * @param {string} id
 * @param {AbortSignal} [signal]
 * @returns {Promise<{should_resume: boolean, reason: string}>}
 */
export function getResumeDecision(id, signal) {
  return call("GET", sessionPath(id, "/resume"), { signal });
}

/**
 * @param {AbortSignal} [signal]
 * @returns {Promise<object>} The app's statistics.
 */
export function getStatistics(signal) {
  return call("GET", "/v1/stats", { signal });
}

/**
 * @param {string} id
 * @param {"completed" | "failed" | "abandoned"} outcome
 * @param {string} summary Empty for none.
 * @returns {Promise<object>} The finalized session.
 */
export function finalizeSession(id, outcome, summary) {
  return call("POST", sessionPath(id, "/finalize"), { body: summary ? { outcome, summary } : { outcome } });
}

/**
 * Deletes a session with its items and children.
 *
 * @param {string} id
 * @returns {Promise<object>}
 */
export function deleteSession(id) {
  return call("DELETE", sessionPath(id));
}

/**
 * Copies a session and its items through `through` into a new session.
 *
 * @param {string} id
 * @param {number} through
 * @returns {Promise<object>} The new session.
 */
export function forkSession(id, through) {
  return call("POST", sessionPath(id, "/fork"), { body: { through } });
}

/**
 * Opens a session's event stream, resuming after the item `after`.
 *
 * @param {string} id
 * @param {number} after The last item sequence number seen (`Last-Event-ID`).
 * @param {AbortSignal} signal
 * @returns {Promise<Response>} The open stream (its body not read yet).
 */
export function openEvents(id, after, signal) {
  const init = {
    headers: headers({ Accept: "text/event-stream", "Last-Event-ID": String(after) }),
    signal,
  };
  return send("GET", apiUrl(sessionPath(id, "/events")), init);
}
