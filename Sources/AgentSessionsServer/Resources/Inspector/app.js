// The inspector's entry point: the hash router, the header (app field or key controls), the
// error banner and the API-key prompt.

import * as api from "./api.js";
import { h, replace } from "./dom.js";
import { renderOverviewPage } from "./overview-page.js";
import { renderSessionPage } from "./session-page.js";
import { renderSessionsPage } from "./sessions-page.js";

/**
 * What a page gets from the app.
 *
 * @typedef {object} PageContext
 * @property {AbortSignal} signal Aborted when the reader leaves the page.
 * @property {(error: unknown) => void} reportError Shows an error (or asks for a key on 401).
 * @property {(hash: string) => void} navigate Opens a route, such as `#/sessions`.
 * @property {(path: string, query?: Record<string, string>) => string} href The hash of a route, with the app in open mode.
 * @property {(id: string) => string} sessionHref The hash of a session's page.
 * @property {string} appLabel How to name the app being shown, such as `app “default”`.
 */

/**
 * @typedef {{name: "sessions" | "overview", query: Record<string, string>}
 *   | {name: "session", id: string, query: Record<string, string>}} Route
 */

const main = /** @type {HTMLElement} */ (document.getElementById("main"));
const banner = /** @type {HTMLElement} */ (document.getElementById("error-banner"));
const tools = /** @type {HTMLElement} */ (document.getElementById("header-tools"));
const navigation = {
  sessions: /** @type {HTMLAnchorElement} */ (document.getElementById("nav-sessions")),
  overview: /** @type {HTMLAnchorElement} */ (document.getElementById("nav-overview")),
};

/** Whether the server asked for a key (then the app field is of no use). */
let keysRequired = false;
/** @type {AbortController | null} */
let pageController = null;
let firstRender = true;

/**
 * Reads a route from a location hash: `#/sessions?…`, `#/sessions/<id>?…` or `#/overview?…`;
 * anything else is the sessions page.
 *
 * @param {string} hash
 * @returns {Route}
 */
function parseRoute(hash) {
  const text = hash.replace(/^#/, "");
  const mark = text.indexOf("?");
  const path = mark === -1 ? text : text.slice(0, mark);
  const query = Object.fromEntries(new URLSearchParams(mark === -1 ? "" : text.slice(mark + 1)));
  const [page, id, ...rest] = path.split("/").filter(Boolean);
  if (page === "sessions" && id !== undefined && rest.length === 0) {
    return { name: "session", id: decodePart(id), query };
  }
  return { name: page === "overview" ? "overview" : "sessions", query };
}

/**
 * @param {string} part
 * @returns {string}
 */
function decodePart(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * The hash of a route: the query's non-empty values, then the app in open mode when it is
 * not the default one.
 *
 * @param {string} path
 * @param {Record<string, string | null | undefined>} [query]
 * @returns {string}
 */
function href(path, query = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value) params.set(name, value);
  }
  if (!api.storedKey() && api.currentApp() !== api.defaultApp()) params.set("app", api.currentApp());
  const search = params.toString();
  return `#${path}${search ? `?${search}` : ""}`;
}

/**
 * Opens a route; shows it again when it is the current one.
 *
 * @param {string} hash
 */
function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

/** Shows the page of the current route, leaving the previous one (its requests and streams end). */
async function render() {
  pageController?.abort();
  const controller = new AbortController();
  pageController = controller;
  const route = parseRoute(location.hash);
  if (!api.storedKey()) api.setApp(route.query.app);
  hideError();
  renderHeader(route);

  /** @type {PageContext} */
  const context = {
    signal: controller.signal,
    reportError: (error) => {
      if (!controller.signal.aborted) reportError(error);
    },
    navigate,
    href,
    sessionHref: (id) => href(`/sessions/${encodeURIComponent(id)}`),
    appLabel: api.storedKey() ? "your key’s app" : `app “${api.currentApp()}”`,
  };
  const pages = { sessions: renderSessionsPage, session: renderSessionPage, overview: renderOverviewPage };
  const rendering = pages[route.name](main, route, context);
  if (!firstRender) main.querySelector("h1")?.focus({ preventScroll: true });
  firstRender = false;
  try {
    await rendering;
  } catch (error) {
    context.reportError(error);
  }
}

/**
 * The header's tools: the app field in open mode, the key controls with a key; and the
 * current page marked in the navigation.
 *
 * @param {Route} route
 */
function renderHeader(route) {
  const current = route.name === "overview" ? "overview" : "sessions";
  for (const [name, link] of Object.entries(navigation)) {
    link.setAttribute("href", href(`/${name}`));
    if (name === current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (api.storedKey()) {
    replace(
      tools,
      h("span", { class: "key-note" }, "Using an API key"),
      h("button", { type: "button", id: "forget-key", onclick: forgetKey }, "Forget key"),
    );
  } else if (keysRequired) {
    replace(tools);
  } else {
    replace(tools, appForm(route));
  }
}

/**
 * The app field (open mode): choosing an app opens its sessions, or its overview.
 *
 * @param {Route} route
 * @returns {HTMLFormElement}
 */
function appForm(route) {
  const input = h("input", {
    id: "app-name",
    name: "app",
    type: "text",
    value: api.currentApp(),
    autocomplete: "off",
    spellcheck: "false",
    size: 12,
  });
  return h(
    "form",
    {
      id: "app-form",
      class: "app-form",
      onsubmit: (event) => {
        event.preventDefault();
        api.setApp(input.value.trim());
        navigate(href(route.name === "overview" ? "/overview" : "/sessions"));
      },
    },
    h("label", { for: "app-name" }, "App"),
    input,
    h("button", { type: "submit" }, "Open"),
  );
}

/** Forgets the stored key and shows the page again (asking for a key if the server needs one). */
function forgetKey() {
  api.forgetKey();
  render();
}

/**
 * Shows an error: a prompt for a key on 401, else the server's message in the banner.
 *
 * @param {unknown} error
 */
function reportError(error) {
  if (error instanceof DOMException && error.name === "AbortError") return;
  if (error instanceof api.ApiError && error.status === 401) {
    showKeyPrompt(error);
    return;
  }
  banner.textContent = error instanceof Error ? error.message : String(error);
  banner.hidden = false;
}

function hideError() {
  banner.hidden = true;
  banner.textContent = "";
}

/**
 * Asks for an API key: the server refused the call without one, or refused the stored one
 * (which is then forgotten).
 *
 * @param {api.ApiError} error
 */
function showKeyPrompt(error) {
  pageController?.abort();
  keysRequired = true;
  const refusedKey = api.storedKey();
  api.forgetKey();
  renderHeader(parseRoute(location.hash));
  hideError();

  const input = h("input", {
    id: "api-key",
    name: "api-key",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    "aria-describedby": "key-help key-error",
  });
  const message = h("p", { id: "key-error", class: "key-error", role: "alert", hidden: !refusedKey },
    refusedKey ? `The server refused this key: ${error.message}` : "");
  const form = h(
    "form",
    {
      id: "key-form",
      class: "key-form",
      onsubmit: (event) => {
        event.preventDefault();
        const key = input.value.trim();
        if (key === "") {
          message.textContent = "Enter a key.";
          message.hidden = false;
          return;
        }
        api.storeKey(key);
        render();
      },
    },
    h("div", { class: "field" }, h("label", { for: "api-key" }, "API key"), input),
    h("button", { type: "submit", class: "primary" }, "Use this key"),
  );
  replace(
    main,
    h(
      "section",
      { id: "key-page", class: "key-page", "aria-labelledby": "key-title" },
      h("h1", { id: "key-title" }, "An API key is needed"),
      h("p", { id: "key-help" }, "This server answers only with an API key. The key is kept in this tab until you close it, and sent only to this server."),
      form,
      message,
    ),
  );
  input.focus();
}

window.addEventListener("hashchange", render);
render();
