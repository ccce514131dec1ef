// A session's items as a conversation: what each item is (user, assistant, tool call…), how
// it is shown (as text only, long content folded), and the list that grows live and loads
// earlier items as the reader scrolls up.

import { listItems } from "./api.js";
import { h, append } from "./dom.js";
import { number, timeOfDay } from "./format.js";

/** Items read per request. */
const PAGE_SIZE = 100;
/** Requests one "load earlier" makes at most while it finds only gaps (removed items). */
const MAX_EMPTY_ROUNDS = 20;
/** Text longer than this (or than FOLD_LINES lines) is folded. */
const FOLD_CHARS = 2000;
const FOLD_LINES = 30;
/** The JSON view is folded past this. */
const JSON_FOLD_CHARS = 10000;
/**
 * A run of text with no blank this long is not wrapped (it scrolls sideways): browsers take
 * seconds to wrap a word of tens of thousands of characters, such as base64 data.
 */
const LONG_RUN = /\S{1000}/;

/**
 * @typedef {{type: "text", text: string}
 *   | {type: "reasoning", text: string}
 *   | {type: "call", name: string, args: unknown}
 *   | {type: "result", name: string | null, output: unknown, status: string | null}
 *   | {type: "json", value: unknown}} Part
 * @typedef {"user" | "assistant" | "system" | "tool-call" | "tool-result" | "reasoning" | "item"} Kind
 * @typedef {{kind: Kind, label: string, parts: Part[]}} Classification
 */

/**
 * What an item's content is, whichever agent SDK stored it: OpenAI (Agents SDK, Responses,
 * Chat Completions), Google ADK events, Strands messages (bare or under `message`), this
 * server's chat agents, or anything else ("item").
 *
 * @param {unknown} content
 * @returns {Classification}
 */
export function classifyItem(content) {
  if (!isObject(content)) return { kind: "item", label: "item", parts: [{ type: "json", value: content }] };
  const message = isObject(content.message) && "role" in content.message ? content.message : content;
  return classifyTyped(message) ?? classifyMessage(message, content) ?? {
    kind: "item",
    label: typeof content.type === "string" ? `item · ${content.type}` : "item",
    parts: [{ type: "json", value: content }],
  };
}

/**
 * OpenAI Responses items known by their `type`: tool calls, their outputs, reasoning.
 *
 * @param {Record<string, any>} item
 * @returns {Classification | null}
 */
function classifyTyped(item) {
  const type = typeof item.type === "string" ? item.type : "";
  if (type.endsWith("_call_output")) {
    return { kind: "tool-result", label: "tool result", parts: [result(null, item.output, item.status)] };
  }
  if (type.endsWith("_call")) {
    const name = typeof item.name === "string" ? item.name : type.slice(0, -"_call".length).replaceAll("_", " ");
    const args = item.arguments ?? item.input ?? item.action ?? item.code ?? null;
    return { kind: "tool-call", label: "tool call", parts: [{ type: "call", name, args }] };
  }
  if (type === "reasoning") {
    const texts = [...asArray(item.summary), ...asArray(item.content)]
      .filter((block) => isObject(block) && typeof block.text === "string")
      .map((block) => block.text);
    const parts = texts.length > 0
      ? [{ type: "reasoning", text: texts.join("\n\n") }]
      : [{ type: "json", value: item }];
    return { kind: "reasoning", label: "reasoning", parts };
  }
  return null;
}

/**
 * A message with a role (OpenAI, Strands, this server's agents) or an ADK event (`author`
 * and `content.parts`).
 *
 * @param {Record<string, any>} message
 * @param {Record<string, any>} item The whole item (for an ADK event's author).
 * @returns {Classification | null}
 */
function classifyMessage(message, item) {
  const adk = isObject(message.content) && Array.isArray(message.content.parts);
  const role = adk ? (message.content.role ?? message.author) : message.role;
  if (typeof role !== "string") return null;
  const author = typeof item.author === "string" ? item.author : null;

  const blocks = adk ? message.content.parts : message.content;
  /** @type {Part[]} */
  const parts = typeof blocks === "string" ? [{ type: "text", text: blocks }]
    : Array.isArray(blocks) ? blocks.flatMap(partsOfBlock)
    : blocks === null || blocks === undefined ? []
    : [{ type: "json", value: blocks }];
  for (const call of asArray(message.tool_calls)) {
    const fn = isObject(call) && isObject(call.function) ? call.function : {};
    parts.push({ type: "call", name: String(fn.name ?? "tool"), args: fn.arguments ?? null });
  }

  const has = (type) => parts.some((part) => part.type === type);
  /** @type {Kind} */
  let kind;
  if (has("call")) kind = "tool-call";
  else if (has("result") || role === "tool" || role === "function") kind = "tool-result";
  else if (parts.length > 0 && parts.every((part) => part.type === "reasoning")) kind = "reasoning";
  else if (role === "user") kind = "user";
  else if (role === "system" || role === "developer") kind = "system";
  else kind = "assistant";

  if (kind === "tool-result" && !has("result")) {
    // A Chat Completions tool message: its content is the output.
    return { kind, label: "tool result", parts: [result(null, message.content, null)] };
  }
  const labels = { "tool-call": "tool call", "tool-result": "tool result", reasoning: "reasoning", system: role };
  let label = labels[kind] ?? kind;
  if (author && author !== "user" && kind !== "user") label += ` · ${author}`;
  return { kind, label, parts };
}

/**
 * The parts of one block of a message's content.
 *
 * @param {unknown} block
 * @returns {Part[]}
 */
function partsOfBlock(block) {
  if (typeof block === "string") return [{ type: "text", text: block }];
  if (!isObject(block)) return [{ type: "json", value: block }];
  if (isObject(block.toolUse)) {
    return [{ type: "call", name: String(block.toolUse.name ?? "tool"), args: block.toolUse.input ?? null }];
  }
  if (isObject(block.toolResult)) {
    return [result(null, block.toolResult.content, block.toolResult.status)];
  }
  const call = block.function_call ?? block.functionCall;
  if (isObject(call)) return [{ type: "call", name: String(call.name ?? "tool"), args: call.args ?? null }];
  const response = block.function_response ?? block.functionResponse;
  if (isObject(response)) return [result(response.name, response.response, null)];
  const reasoning = block.reasoningContent?.reasoningText?.text;
  if (typeof reasoning === "string") return [{ type: "reasoning", text: reasoning }];
  if (typeof block.text === "string") {
    const thought = block.thought === true || block.type === "reasoning_text" || block.type === "summary_text";
    return [{ type: thought ? "reasoning" : "text", text: block.text }];
  }
  if (typeof block.refusal === "string") return [{ type: "text", text: `Refused: ${block.refusal}` }];
  return [{ type: "json", value: block }];
}

/**
 * @param {unknown} name
 * @param {unknown} output
 * @param {unknown} status
 * @returns {Part}
 */
function result(name, output, status) {
  return {
    type: "result",
    name: typeof name === "string" ? name : null,
    output: output ?? null,
    status: typeof status === "string" ? status : null,
  };
}

/**
 * A tool result's output as text: a string as it is, a list of text blocks joined, else JSON.
 *
 * @param {unknown} output
 * @returns {string}
 */
function outputText(output) {
  if (typeof output === "string") return output;
  if (Array.isArray(output) && output.length > 0 && output.every((block) => isObject(block) && typeof block.text === "string")) {
    return output.map((block) => block.text).join("\n");
  }
  return prettyJSON(output);
}

/**
 * Tool-call arguments as text: JSON text re-indented, other text as it is, values as JSON.
 *
 * @param {unknown} args
 * @returns {string}
 */
function argumentsText(args) {
  if (typeof args !== "string") return prettyJSON(args);
  try {
    return prettyJSON(JSON.parse(args));
  } catch {
    return args;
  }
}

/**
 * @param {unknown} value
 * @returns {string}
 */
function prettyJSON(value) {
  return JSON.stringify(value, null, 2) ?? String(value);
}

/**
 * Text in an element, folded when long: the first part and a button that shows it all (and
 * folds it again), so that a megabyte of text costs nothing until asked for.
 *
 * @param {string} tag The element holding the text.
 * @param {Record<string, unknown>} attrs Its attributes.
 * @param {string} text
 * @param {number} [limit] Characters shown while folded.
 * @returns {HTMLElement[]} The element, and the button when the text is folded.
 */
export function foldedText(tag, attrs, text, limit = FOLD_CHARS) {
  const element = h(tag, attrs);
  const cut = foldPoint(text, limit);
  const setText = (shown) => {
    element.textContent = shown;
    element.classList.toggle("long-lines", LONG_RUN.test(shown));
  };
  if (cut >= text.length) {
    setText(text);
    return [element];
  }
  const showAll = `Show all (${number(text.length)} characters)`;
  let folded = true;
  const button = h("button", { type: "button", class: "unfold", "aria-expanded": "false" }, showAll);
  const show = () => {
    setText(folded ? `${text.slice(0, cut)}…` : text);
    button.textContent = folded ? showAll : "Show less";
    button.setAttribute("aria-expanded", String(!folded));
  };
  button.addEventListener("click", () => {
    folded = !folded;
    show();
  });
  show();
  return [element, button];
}

/**
 * Where to fold a text: after `limit` characters or FOLD_LINES lines, whichever comes first,
 * never inside a surrogate pair; the text's length when it needs no folding.
 *
 * @param {string} text
 * @param {number} limit
 * @returns {number}
 */
function foldPoint(text, limit) {
  let cut = Math.min(text.length, limit);
  let newline = -1;
  for (let line = 0; line < FOLD_LINES; line += 1) {
    newline = text.indexOf("\n", newline + 1);
    if (newline === -1 || newline >= cut) return adjustForSurrogate(text, cut);
  }
  cut = newline;
  return adjustForSurrogate(text, cut);
}

/**
 * @param {string} text
 * @param {number} cut
 * @returns {number}
 */
function adjustForSurrogate(text, cut) {
  if (cut >= text.length) return text.length;
  const code = text.charCodeAt(cut - 1);
  return code >= 0xd800 && code <= 0xdbff ? cut - 1 : cut;
}

/**
 * One item as a list entry: its sequence number, time, label and parts, a button showing its
 * exact JSON, and a "fork here" button.
 *
 * @param {{seq: number, item_id: string | null, created_at: string, content: unknown}} item
 * @param {(seq: number) => void} onFork
 * @returns {HTMLLIElement}
 */
export function renderItem(item, onFork) {
  const { kind, label, parts } = classifyItem(item.content);
  const jsonButton = h("button", { type: "button", class: "show-json", "aria-expanded": "false" }, "JSON");
  const li = h(
    "li",
    { class: ["item", `item-${kind}`], "data-seq": item.seq, "data-kind": kind },
    h(
      "div",
      { class: "item-head" },
      h("span", { class: "item-seq" }, `#${item.seq}`),
      h("span", { class: "item-label" }, label),
      h("time", { class: "item-time", datetime: item.created_at, title: item.created_at }, timeOfDay(item.created_at)),
      item.item_id && h("span", { class: "item-id", title: "item id" }, item.item_id),
      h(
        "span",
        { class: "item-actions" },
        jsonButton,
        h("button", {
          type: "button",
          class: "fork-here",
          "aria-label": `Fork through item ${item.seq}`,
          onclick: () => onFork(item.seq),
        }, "Fork here"),
      ),
    ),
    h("div", { class: "item-body" }, parts.length > 0 ? parts.map(renderPart) : h("p", { class: "item-text muted" }, "(empty)")),
  );

  /** @type {HTMLElement[] | null} */
  let jsonView = null;
  jsonButton.addEventListener("click", () => {
    if (!jsonView) {
      jsonView = foldedText("pre", { class: "item-json", hidden: true }, prettyJSON(item.content), JSON_FOLD_CHARS);
      append(li, jsonView);
    }
    const open = jsonButton.getAttribute("aria-expanded") !== "true";
    for (const element of jsonView) element.hidden = !open;
    jsonButton.setAttribute("aria-expanded", String(open));
  });
  return li;
}

/**
 * @param {Part} part
 * @returns {HTMLElement}
 */
function renderPart(part) {
  switch (part.type) {
    case "text":
      return h("div", { class: "part part-text" }, foldedText("div", { class: "item-text" }, part.text));
    case "reasoning":
      return h("div", { class: "part part-reasoning" }, foldedText("div", { class: "item-text" }, part.text));
    case "call":
      return h(
        "div",
        { class: "part tool-call" },
        h("div", { class: "tool-name" }, "Calls ", h("code", {}, part.name)),
        foldedText("pre", { class: "item-text tool-arguments" }, argumentsText(part.args)),
      );
    case "result":
      return h(
        "div",
        { class: "part tool-result" },
        h(
          "div",
          { class: "tool-name" },
          part.name ? ["Result of ", h("code", {}, part.name)] : "Result",
          part.status && h("span", { class: "tool-status" }, ` (${part.status})`),
        ),
        foldedText("pre", { class: "item-text tool-output" }, outputText(part.output)),
      );
    default:
      return h("div", { class: "part part-json" }, foldedText("pre", { class: "item-text" }, prettyJSON(part.value)));
  }
}

/**
 * A session's conversation: the last page of items first, earlier ones loaded when the
 * reader scrolls to the top (or asks), live items appended, each sequence number shown once.
 */
export class Conversation {
  /**
   * @param {object} options
   * @param {string} options.sessionId
   * @param {AbortSignal} options.signal Ends loading and observing.
   * @param {(seq: number) => void} options.onFork
   * @param {(error: unknown) => void} options.onError
   */
  constructor({ sessionId, signal, onFork, onError }) {
    this.sessionId = sessionId;
    this.signal = signal;
    this.onFork = onFork;
    this.onError = onError;
    /** @type {Map<number, HTMLLIElement>} */
    this.shown = new Map();
    /** The highest sequence number received, removed or not: where the event stream resumes. */
    this.highest = 0;
    /** Items below this sequence number have not been looked for yet. */
    this.scanBefore = 1;
    this.loading = false;
    /** @type {IntersectionObserver | null} */
    this.observer = null;

    this.loadButton = h("button", { type: "button", id: "load-earlier", hidden: true, onclick: () => this.loadEarlier() }, "Load earlier items");
    this.list = h("ol", { id: "conversation", class: "conversation", "aria-label": "Items, oldest first" });
    this.empty = h("p", { class: "conversation-empty muted", hidden: true }, "No items.");
    /** The element to place in the page: it scrolls, the newest items at the bottom. */
    this.element = h(
      "div",
      { class: "conversation-scroll", tabindex: "0", role: "region", "aria-label": "Conversation" },
      this.loadButton,
      this.list,
      this.empty,
    );
  }

  /** Loads the last page of items. */
  async loadLatest() {
    const { items } = await listItems(this.sessionId, { limit: PAGE_SIZE }, this.signal);
    this.scanBefore = items.length < PAGE_SIZE ? 1 : items[0].seq;
    this.prepend(items);
    this.update();
  }

  /**
   * Shows the newest items and loads earlier ones when the reader scrolls to the top; call it
   * once the element is in the page.
   */
  start() {
    this.element.scrollTop = this.element.scrollHeight;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) this.loadEarlier();
    }, { root: this.element, rootMargin: "200px 0px 0px 0px" });
    observer.observe(this.loadButton);
    this.observer = observer;
    this.signal.addEventListener("abort", () => observer.disconnect(), { once: true });
  }

  /**
   * Loads the items before the first one shown, keeping the reader's place: for the items
   * before X it reads `after = max(0, X - 1 - 100)` and keeps those below X, going further
   * back while it finds only gaps (removed items).
   */
  async loadEarlier() {
    if (this.loading || this.scanBefore <= 1 || this.signal.aborted) return;
    this.loading = true;
    this.update();
    try {
      let found = [];
      for (let round = 0; round < MAX_EMPTY_ROUNDS && found.length === 0 && this.scanBefore > 1; round += 1) {
        const before = this.scanBefore;
        const after = Math.max(0, before - 1 - PAGE_SIZE);
        const { items } = await listItems(this.sessionId, { after, limit: PAGE_SIZE }, this.signal);
        found = items.filter((item) => item.seq < before && !this.shown.has(item.seq));
        this.scanBefore = after + 1;
      }
      this.prepend(found);
    } catch (error) {
      this.onError(error);
    } finally {
      this.loading = false;
      this.update();
    }
    // Observed afresh: if the button is still in view (few items came), the next page loads too.
    this.observer?.unobserve(this.loadButton);
    this.observer?.observe(this.loadButton);
  }

  /**
   * Adds an item after the others (a live one), unless it is shown already; keeps the view
   * at the bottom when the reader was there.
   *
   * @param {{seq: number, item_id: string | null, created_at: string, content: unknown}} item
   */
  append(item) {
    this.highest = Math.max(this.highest, item.seq);
    if (this.shown.has(item.seq)) return;
    const atBottom = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 40;
    const li = renderItem(item, this.onFork);
    let next = null;
    for (const [seq, element] of this.shown) {
      if (seq > item.seq && (next === null || seq < Number(next.dataset.seq))) next = element;
    }
    this.shown.set(item.seq, li);
    this.list.insertBefore(li, next);
    this.update();
    if (atBottom) this.element.scrollTop = this.element.scrollHeight;
  }

  /**
   * Adds earlier items before the others, keeping what the reader sees in place.
   *
   * @param {Array<{seq: number, item_id: string | null, created_at: string, content: unknown}>} items Oldest first.
   */
  prepend(items) {
    const fromBottom = this.element.scrollHeight - this.element.scrollTop;
    const fragment = document.createDocumentFragment();
    for (const item of items) {
      this.highest = Math.max(this.highest, item.seq);
      const li = renderItem(item, this.onFork);
      this.shown.set(item.seq, li);
      fragment.append(li);
    }
    this.list.prepend(fragment);
    this.element.scrollTop = this.element.scrollHeight - fromBottom;
  }

  /**
   * Removes items (a pop).
   *
   * @param {number[]} sequences
   */
  remove(sequences) {
    for (const seq of sequences) {
      this.shown.get(seq)?.remove();
      this.shown.delete(seq);
    }
    this.update();
  }

  /** Removes every item (a clear). */
  clear() {
    this.list.replaceChildren();
    this.shown.clear();
    this.scanBefore = 1;
    this.update();
  }

  /** Shows the "load earlier" button while earlier items may exist, and the empty note. */
  update() {
    this.loadButton.hidden = this.scanBefore <= 1;
    this.loadButton.disabled = this.loading;
    this.loadButton.textContent = this.loading ? "Loading earlier items…" : "Load earlier items";
    this.empty.hidden = this.shown.size > 0 || this.scanBefore > 1;
  }
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * @param {unknown} value
 * @returns {unknown[]}
 */
function asArray(value) {
  return Array.isArray(value) ? value : [];
}
