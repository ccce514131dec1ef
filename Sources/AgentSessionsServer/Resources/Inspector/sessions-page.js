// The sessions page: one page (50) of the app's sessions, most recently active first, with
// filters kept in the URL, a search by id, and paging by cursor.

import { ApiError, PHASES, getSession, listSessions } from "./api.js";
import { h, replace } from "./dom.js";
import { number, relativeTime } from "./format.js";

const PAGE_SIZE = 50;
const FILTERS = ["user", "agent", "tag", "phase", "active"];
/** The summary fields the table shows: the list reads no state, metadata or history. */
const FIELDS = "id,title,tags,user_id,agent,phase,last_sequence,resume_ready,error_count,updated_at";

/**
 * The table's columns after the session's id: heading, cell class, and content. Each cell
 * names its column (`data-label`) for the narrow layout, where rows become cards.
 *
 * @type {Array<[string, string, (session: Record<string, any>) => unknown]>}
 */
const COLUMNS = [
  ["Title", "title", (session) => titleCell(session)],
  ["User", "user", (session) => session.user_id ?? "—"],
  ["Agent", "agent", (session) => session.agent ?? "—"],
  ["Phase", "phase", (session) => phaseBadge(session.phase)],
  ["Items", "item-count numeric", (session) => number(session.last_sequence)],
  ["Resume-ready", "resume-ready", (session) => (session.resume_ready ? "yes" : "no")],
  ["Errors", "error-count numeric", (session) => number(session.error_count)],
  ["Last activity", "activity", (session) =>
    h("time", { class: "last-activity", datetime: session.updated_at, title: session.updated_at }, relativeTime(session.updated_at))],
];

/**
 * The cursor of the page before each page seen, by filters and cursor (the first page's is
 * ""): "previous" follows it back, whichever way the reader arrived.
 *
 * @type {Map<string, string>}
 */
const previousCursors = new Map();

/**
 * Renders the sessions page into `main`.
 *
 * @param {HTMLElement} main
 * @param {{query: Record<string, string>}} route `user`, `agent`, `tag`, `phase`, `active`, `cursor`.
 * @param {import("./app.js").PageContext} context
 */
export async function renderSessionsPage(main, route, context) {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, route.query[name] ?? ""]));
  const cursor = route.query.cursor ?? "";
  const pageKey = (pageCursor) => JSON.stringify([context.appLabel, filters, pageCursor]);

  const rows = h("tbody");
  const noSessions = h("p", { id: "no-sessions", class: "empty", hidden: true }, "No sessions match these filters.");
  const first = h("button", { type: "button", id: "first-page", disabled: true }, "First");
  const previous = h("button", { type: "button", id: "previous-page", disabled: true }, "Previous");
  const next = h("button", { type: "button", id: "next-page", disabled: true }, "Next");
  const section = h(
    "section",
    { id: "sessions-page", "aria-labelledby": "sessions-title" },
    h("h1", { id: "sessions-title", tabindex: "-1" }, `Sessions of ${context.appLabel}`),
    h("div", { class: "toolbar" }, filterForm(filters, context), searchForm(context)),
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { id: "sessions-table" },
        h("caption", { class: "visually-hidden" }, "Sessions, most recently active first"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Session"),
            COLUMNS.map(([title, className]) => h("th", { scope: "col", class: className }, title)),
          ),
        ),
        rows,
      ),
    ),
    noSessions,
    h("nav", { class: "pager", "aria-label": "Pages of sessions" }, first, previous, next),
  );
  replace(main, section);

  const page = await listSessions({ ...filters, fields: FIELDS, cursor, limit: PAGE_SIZE }, context.signal);
  replace(rows, page.sessions.map((session) => sessionRow(session, context)));
  noSessions.hidden = page.sessions.length > 0;
  section.dataset.loaded = "true";

  const goTo = (pageCursor) => context.navigate(context.href("/sessions", { ...filters, cursor: pageCursor }));
  first.disabled = cursor === "";
  previous.disabled = cursor === "";
  next.disabled = !page.next_cursor;
  first.addEventListener("click", () => goTo(""));
  previous.addEventListener("click", () => goTo(previousCursors.get(pageKey(cursor)) ?? ""));
  next.addEventListener("click", () => {
    previousCursors.set(pageKey(page.next_cursor), cursor);
    goTo(page.next_cursor);
  });

  const timer = setInterval(() => refreshTimes(rows), 30_000);
  context.signal.addEventListener("abort", () => clearInterval(timer), { once: true });
}

/**
 * The filters: user, agent, tag, phase, active or finalized. Applying them opens their first page.
 *
 * @param {Record<string, string>} filters
 * @param {import("./app.js").PageContext} context
 * @returns {HTMLFormElement}
 */
function filterForm(filters, context) {
  const user = h("input", { id: "filter-user", name: "user", type: "search", value: filters.user, autocomplete: "off" });
  const agent = h("input", { id: "filter-agent", name: "agent", type: "search", value: filters.agent, autocomplete: "off" });
  const tag = h("input", { id: "filter-tag", name: "tag", type: "search", value: filters.tag, autocomplete: "off" });
  const phase = h(
    "select",
    { id: "filter-phase", name: "phase" },
    h("option", { value: "" }, "any"),
    PHASES.map((name) => h("option", { value: name }, name)),
  );
  phase.value = filters.phase;
  const active = h(
    "select",
    { id: "filter-active", name: "active" },
    h("option", { value: "" }, "any"),
    h("option", { value: "true" }, "active"),
    h("option", { value: "false" }, "finalized"),
  );
  active.value = filters.active;
  return h(
    "form",
    {
      id: "filters",
      class: "filters",
      "aria-label": "Filters",
      onsubmit: (event) => {
        event.preventDefault();
        context.navigate(context.href("/sessions", {
          user: user.value.trim(),
          agent: agent.value.trim(),
          tag: tag.value.trim(),
          phase: phase.value,
          active: active.value,
        }));
      },
    },
    field("filter-user", "User", user),
    field("filter-agent", "Agent", agent),
    field("filter-tag", "Tag", tag),
    field("filter-phase", "Phase", phase),
    field("filter-active", "Status", active),
    h("button", { type: "submit", id: "apply-filters", class: "primary" }, "Apply"),
  );
}

/**
 * The search by id: opens the session, or says there is none.
 *
 * @param {import("./app.js").PageContext} context
 * @returns {HTMLFormElement}
 */
function searchForm(context) {
  const input = h("input", { id: "search-id", name: "id", type: "search", autocomplete: "off", spellcheck: "false" });
  return h(
    "form",
    {
      id: "search-form",
      class: "search",
      role: "search",
      onsubmit: async (event) => {
        event.preventDefault();
        const id = input.value.trim();
        if (id === "") return;
        try {
          await getSession(id, context.signal);
          context.navigate(context.sessionHref(id));
        } catch (error) {
          context.reportError(error instanceof ApiError && error.status === 404
            ? new ApiError(404, error.code, `No session “${id}” in ${context.appLabel}.`)
            : error);
        }
      },
    },
    field("search-id", "Session id", input),
    h("button", { type: "submit" }, "Open"),
  );
}

/**
 * A labelled form control.
 *
 * @param {string} id The control's id.
 * @param {string} label
 * @param {HTMLElement} control
 * @returns {HTMLElement}
 */
function field(id, label, control) {
  return h("div", { class: "field" }, h("label", { for: id }, label), control);
}

/**
 * One row of the table.
 *
 * @param {Record<string, any>} session
 * @param {import("./app.js").PageContext} context
 * @returns {HTMLTableRowElement}
 */
function sessionRow(session, context) {
  return h(
    "tr",
    { "data-session-id": session.id, class: session.error_count > 0 && "has-errors" },
    h("th", { scope: "row" }, h("a", { class: "session-link", href: context.sessionHref(session.id), title: session.id }, session.id)),
    COLUMNS.map(([title, className, content]) => h("td", { class: className, "data-label": title }, content(session))),
  );
}

/**
 * The title cell: the session's title (or a dash), then its tags.
 *
 * @param {Record<string, any>} session
 * @returns {Array<Node | string>}
 */
function titleCell(session) {
  const tags = (session.tags ?? []).map((tag) => h("span", { class: "tag" }, tag));
  return [h("span", { class: "session-title" }, session.title ?? "—"), ...tags];
}

/**
 * A phase as a coloured badge.
 *
 * @param {string} phase
 * @param {Record<string, unknown>} [attrs] More attributes, such as an id.
 * @returns {HTMLElement}
 */
export function phaseBadge(phase, attrs = {}) {
  return h("span", { ...attrs, class: "phase-badge", "data-phase": phase }, phase);
}

/**
 * Brings the relative times of the table up to date.
 *
 * @param {HTMLElement} rows
 */
function refreshTimes(rows) {
  for (const time of rows.querySelectorAll("time.last-activity")) {
    time.textContent = relativeTime(time.getAttribute("datetime") ?? "");
  }
}
