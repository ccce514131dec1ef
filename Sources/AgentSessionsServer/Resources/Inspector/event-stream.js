// Server-Sent Events read over fetch (EventSource cannot send an API key), with reconnection.

import { ApiError, openEvents } from "./api.js";

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 5000;

/**
 * Parses a text/event-stream incrementally: feed it decoded text with `push`; it calls
 * `onEvent(type, data, id)` for each complete event (a blank line ends one). Comment lines
 * (starting with `:`) are ignored; several `data:` lines are joined with "\n".
 */
export class SseParser {
  /** @param {(type: string, data: string, id: string | null) => void} onEvent */
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.reset();
  }

  /** Forgets a half-read event (the connection it came on is gone). */
  reset() {
    this.buffer = "";
    this.afterCarriageReturn = false;
    this.type = "";
    this.data = [];
    this.id = null;
  }

  /** @param {string} text The next decoded chunk. */
  push(text) {
    if (text === "") return;
    // A chunk that ended with "\r" ended its line; a "\n" right after it belongs to that "\r".
    const chunk = this.afterCarriageReturn && text.startsWith("\n") ? text.slice(1) : text;
    this.afterCarriageReturn = text.endsWith("\r");
    const lines = (this.buffer + chunk).split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? "";
    for (const line of lines) this.line(line);
  }

  /** @param {string} line */
  line(line) {
    if (line === "") {
      if (this.data.length > 0) this.onEvent(this.type || "message", this.data.join("\n"), this.id);
      this.type = "";
      this.data = [];
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.type = value;
    else if (field === "data") this.data.push(value);
    else if (field === "id" && !value.includes("\0")) this.id = value;
  }
}

/**
 * Follows a session's events until `signal` aborts, the session is deleted, or the server
 * refuses the stream (401, 404, 422): a dropped connection is opened again after 0.5 s,
 * then up to 5 s, resuming after the last item seen, so nothing is missed.
 *
 * @param {object} options
 * @param {string} options.sessionId
 * @param {() => number} options.lastSequence The highest item sequence number shown.
 * @param {(type: string, data: any, id: string | null) => void} options.onEvent Called with the parsed JSON data.
 * @param {(state: "connecting" | "open" | "reconnecting" | "closed", detail?: string) => void} options.onState
 * @param {(error: ApiError) => void} options.onError A refusal that ends the stream.
 * @param {AbortSignal} options.signal
 */
export async function followEvents({ sessionId, lastSequence, onEvent, onState, onError, signal }) {
  let delay = FIRST_DELAY_MS;
  let ended = false;
  const parser = new SseParser((type, data, id) => {
    if (type === "deleted") ended = true;
    let value;
    try {
      value = JSON.parse(data);
    } catch {
      return; // Not an event of this API.
    }
    delay = FIRST_DELAY_MS;
    onEvent(type, value, id);
  });
  onState("connecting");
  while (!signal.aborted && !ended) {
    try {
      const response = await openEvents(sessionId, lastSequence(), signal);
      onState("open");
      await readAll(response, parser, signal);
    } catch (error) {
      if (signal.aborted) break;
      if (error instanceof ApiError && [401, 403, 404, 422].includes(error.status)) {
        onError(error);
        break;
      }
    }
    parser.reset();
    if (signal.aborted || ended) break;
    onState("reconnecting", `Reconnecting in ${delay / 1000} s…`);
    await sleep(delay, signal);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
  onState("closed");
}

/**
 * Feeds a response's body to the parser until it ends.
 *
 * @param {Response} response
 * @param {SseParser} parser
 * @param {AbortSignal} signal
 */
async function readAll(response, parser, signal) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const cancel = () => reader.cancel().catch(() => {});
  signal.addEventListener("abort", cancel, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    signal.removeEventListener("abort", cancel);
  }
}

/**
 * Waits `ms` milliseconds, or less when `signal` aborts.
 *
 * @param {number} ms
 * @param {AbortSignal} signal
 * @returns {Promise<void>}
 */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
