// A session: its conversation, phase timeline, state and metadata, resume decision, errors,
// outcome and lineage, kept up to date by its event stream; and the actions on it (finalize,
// delete, fork), each confirmed first.

import {
  deleteSession,
  finalizeSession,
  forkSession,
  getResumeDecision,
  getSession,
  listCompactions,
  listSessions,
  modelContext,
  sessionTokens,
} from "./api.js";
import { confirmAction } from "./confirm-dialog.js";
import { Conversation, classifyItem, foldedText } from "./conversation.js";
import { append, h, replace } from "./dom.js";
import { followEvents } from "./event-stream.js";
import { dateTime, duration, number, relativeTime } from "./format.js";
import { phaseBadge } from "./sessions-page.js";

/** Sessions looked through for forks of this one (forks keep their source's user and agent). */
const FORK_SCAN_LIMIT = 200;
const FORK_SCAN_PAGE = 100;
const CHILDREN_LIMIT = 50;
/** How long the resume decision waits after a change before it is asked for again. */
const RESUME_REFRESH_MS = 1000;

const LIVE_TEXT = {
  connecting: "Connecting…",
  open: "Live",
  reconnecting: "Reconnecting…",
  closed: "Not live",
};

/**
 * Renders a session into `main` and follows its events until the reader leaves.
 *
 * @param {HTMLElement} main
 * @param {{id: string}} route
 * @param {import("./app.js").PageContext} context
 */
export async function renderSessionPage(main, route, context) {
  const { id } = route;
  const { signal } = context;
  const title = h("h1", { id: "session-title", tabindex: "-1" }, id);
  const loading = h("p", { class: "muted" }, "Loading…");
  const section = h(
    "section",
    { id: "session-page", "data-session-id": id, "aria-labelledby": "session-title" },
    h("p", { class: "breadcrumb" }, h("a", { href: context.href("/sessions") }, "← Sessions")),
    title,
    loading,
  );
  replace(main, section);

  const conversation = new Conversation({
    sessionId: id,
    signal,
    onFork: (seq) => fork(id, seq, context),
    onError: context.reportError,
  });
  let session, resume;
  try {
    // The session first: when there is none, one request fails, not three.
    session = await getSession(id, signal);
    [resume] = await Promise.all([getResumeDecision(id, signal), conversation.loadLatest()]);
  } finally {
    loading.remove();
  }
  const view = new SessionView(section, title, session, conversation, context);
  conversation.start();
  view.showResume(resume);
  section.dataset.loaded = "true";
  view.loadLineage().catch(context.reportError);
  view.loadCompactions().catch(context.reportError);
  view.follow();
}

/** The rendered session and its parts that change. */
class SessionView {
  /**
   * @param {HTMLElement} section The page, which it fills.
   * @param {HTMLElement} title The page's heading, kept (it may have the focus).
   * @param {Record<string, any>} session
   * @param {Conversation} conversation
   * @param {import("./app.js").PageContext} context
   */
  constructor(section, title, session, conversation, context) {
    this.session = session;
    /** The version of the last whole session received (a phase event changes only part of it). */
    this.wholeVersion = session.version;
    this.conversation = conversation;
    this.context = context;
    this.resumeTimer = 0;
    context.signal.addEventListener("abort", () => clearTimeout(this.resumeTimer), { once: true });

    this.liveStatus = h("p", { id: "live-status", class: "live-status", "data-state": "connecting", "aria-live": "polite" }, LIVE_TEXT.connecting);
    this.notice = h("p", { class: "notice", hidden: true });
    this.phase = phaseBadge(session.phase, { id: "session-phase" });
    this.itemCount = h("span", { id: "session-item-count" });
    this.resume = h("span", { id: "resume-decision" }, "…");
    this.errorCount = h("span", { id: "error-count" });
    this.outcome = h("span", { id: "outcome", class: "phase-badge" });
    /** @type {Map<string, string>} What each part was last drawn from, as JSON. */
    this.drawn = new Map();
    this.facts = h("dl", { class: "facts" });
    this.finalizeButton = h("button", { type: "button", id: "action-finalize", onclick: () => this.finalize() }, "Finalize…");
    this.deleteButton = h("button", { type: "button", id: "action-delete", class: "danger", onclick: () => this.delete() }, "Delete…");
    this.status = h("dl", { class: "status" });
    this.timeline = h("ol", { id: "phase-timeline", class: "timeline" });
    this.timelineEmpty = h("p", { class: "muted", hidden: true }, "No phase changes yet.");
    this.lineage = h("div", { id: "lineage", class: "lineage" }, h("p", { class: "muted" }, "Loading…"));
    this.compactions = h("ol", { id: "compactions", class: "timeline" });
    this.compactionsEmpty = h("p", { class: "muted" }, "Loading…");
    this.tokens = h("p", { id: "session-tokens", class: "small" });
    this.modelView = h("ol", { id: "model-view", class: "timeline", hidden: true });
    this.modelViewButton = h(
      "button",
      { type: "button", id: "show-model-view", "aria-expanded": "false", onclick: () => this.toggleModelView() },
      "Show what the model sees",
    );
    this.state = h("dl", { id: "session-state", class: "keys" });
    this.metadata = h("dl", { id: "session-metadata", class: "keys" });

    const titleFocused = document.activeElement === title;
    section.append(
      h(
        "header",
        { class: "session-header" },
        h(
          "div",
          { class: "session-title" },
          title,
          this.phase,
          this.liveStatus,
        ),
        this.facts,
        h("div", { class: "actions" }, this.finalizeButton, this.deleteButton),
      ),
      this.notice,
      h(
        "div",
        { class: "session-layout" },
        h(
          "section",
          { class: "panel conversation-panel", "aria-labelledby": "conversation-title" },
          h("h2", { id: "conversation-title" }, "Conversation"),
          conversation.element,
        ),
        h(
          "aside",
          { class: "session-details", "aria-label": "Details" },
          panel("status-title", "Status", this.status),
          panel("timeline-title", "Phase timeline", this.timeline, this.timelineEmpty),
          panel("compactions-title", "Compactions", this.tokens, this.compactions, this.compactionsEmpty),
          panel("model-view-title", "Model's view", this.modelViewButton, this.modelView),
          panel("lineage-title", "Lineage", this.lineage),
          panel("state-title", "State", this.state),
          panel("metadata-title", "Metadata", this.metadata),
        ),
      ),
    );
    if (titleFocused) title.focus({ preventScroll: true }); // Moving it into the header took the focus away.
    this.render();
  }

  /** Shows the session as it is now, drawing again only the parts that changed. */
  render() {
    const session = this.session;
    const finalized = Boolean(session.finalized_at);
    this.phase.textContent = session.phase;
    this.phase.dataset.phase = session.phase;
    this.itemCount.textContent = number(session.last_sequence);
    this.errorCount.textContent = number(session.error_count);
    this.errorCount.classList.toggle("has-errors", session.error_count > 0);
    this.outcome.textContent = session.outcome ?? "—";
    this.outcome.dataset.phase = session.outcome ?? "";
    this.finalizeButton.hidden = finalized;

    const { user_id: user, agent, kind, created_at: created, updated_at: updated, expires_at: expires } = session;
    this.draw("facts", [user, agent, kind, created, updated, expires], () => replace(
      this.facts,
      fact("User", user ?? "—"),
      fact("Agent", agent ?? "—"),
      fact("Kind", kind),
      fact("Items", this.itemCount),
      fact("Created", timeElement(created)),
      fact("Last activity", timeElement(updated)),
      expires && fact("Expires", timeElement(expires)),
    ));
    const { resume_count: resumes, last_error: lastError, summary, finalized_at: finalizedAt, duration_seconds: seconds } = session;
    this.draw("status", [resumes, lastError, summary, finalizedAt, seconds], () => replace(
      this.status,
      fact("Resume", this.resume),
      fact("Resumed", `${number(resumes)} times`),
      fact("Errors", this.errorCount),
      fact("Last error", foldedText("span", { id: "last-error" }, lastError ?? "none")),
      finalized && [
        fact("Outcome", this.outcome),
        fact("Summary", foldedText("span", { id: "summary" }, summary ?? "(none)")),
        fact("Finalized", timeElement(finalizedAt)),
        fact("Duration", duration(seconds)),
      ],
    ));
    this.draw("history", session.history, () => {
      replace(this.timeline, session.history.map((change) => h(
        "li",
        {},
        phaseBadge(change.from),
        h("span", { class: "arrow", "aria-label": "to" }, " → "),
        phaseBadge(change.to),
        " ",
        timeElement(change.at),
      )));
      this.timelineEmpty.hidden = session.history.length > 0;
    });
    this.draw("state", session.state, () => replace(this.state, keyValues(session.state)));
    this.draw("metadata", session.metadata, () => replace(this.metadata, keyValues(session.metadata)));
  }

  /**
   * Calls `draw` unless `value` is the same as when it was last called for `part`, so that
   * what did not change keeps its elements (and what the reader unfolded).
   *
   * @param {string} part
   * @param {unknown} value
   * @param {() => void} draw
   */
  draw(part, value, draw) {
    const text = JSON.stringify(value);
    if (this.drawn.get(part) === text) return;
    this.drawn.set(part, text);
    draw();
  }

  /**
   * Shows the resume decision.
   *
   * @param {{should_resume: boolean, reason: string}} decision
   */
  showResume(decision) {
    this.resume.dataset.shouldResume = String(decision.should_resume);
    replace(
      this.resume,
      decision.should_resume ? "should resume" : "should not resume",
      h("span", { class: "muted" }, ` (${decision.reason.replaceAll("_", " ")})`),
    );
  }

  /** Asks for the resume decision again, once changes have settled. */
  refreshResume() {
    clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      getResumeDecision(this.session.id, this.context.signal)
        .then((decision) => this.showResume(decision))
        .catch(this.context.reportError);
    }, RESUME_REFRESH_MS);
  }

  /** Shows the parent, the children, the fork source and the forks of the session. */
  async loadLineage() {
    const { session, context } = this;
    const source = session.metadata?.forked_from;
    const sourceId = typeof source?.id === "string" ? source.id : null;
    const [children, forks] = await Promise.all([
      listSessions({ parent: session.id, limit: CHILDREN_LIMIT }, context.signal),
      this.findForks(),
    ]);
    replace(
      this.lineage,
      h(
        "dl",
        {},
        session.parent_id && fact("Parent", sessionLink("lineage-parent", session.parent_id, context)),
        sourceId && fact("Forked from", [
          sessionLink("lineage-fork-source", sourceId, context),
          ` at item ${number(source.sequence)}`,
        ]),
        fact("Children", linkList("lineage-child", children.sessions, context, "none"),
          children.next_cursor && h("p", { class: "small muted" }, `The ${CHILDREN_LIMIT} most recently active.`)),
        fact("Forks", linkList("lineage-fork", forks, context, "none found"),
          h("p", { class: "small muted" }, `Forks among the ${FORK_SCAN_LIMIT} most recent sessions of this user and agent.`)),
      ),
    );
  }

  /**
   * Shows the session's compactions: each summary, the items it stands for in the model's
   * view (the items themselves stay in the conversation), its tokens and its author; above
   * them, the tokens of every item and of the model's view.
   */
  async loadCompactions() {
    const [{ compactions }, tokens] = await Promise.all([
      listCompactions(this.session.id, this.context.signal),
      sessionTokens(this.session.id, this.context.signal),
    ]);
    this.tokens.textContent = `${number(tokens.tokens)} tokens in ${number(tokens.item_count)} items `
      + `(${number(tokens.counted_items)} counted by their caller, the rest estimated); `
      + `the model sees ${number(tokens.context_tokens)}.`;
    replace(this.compactions, compactions.map((compaction) => {
      const author = compaction.author.kind === "summarizer"
        ? `${compaction.author.agent}'s summarizer (${compaction.author.model})`
        : "a caller";
      const summary = typeof compaction.summary.content === "string"
        ? compaction.summary.content
        : JSON.stringify(compaction.summary, null, 2);
      return h(
        "li",
        { class: "compaction", "data-number": String(compaction.number) },
        h("span", { class: "compaction-range" }, `#${compaction.number}: items ${number(compaction.first_seq)}–${number(compaction.last_seq)}`),
        ` · ${number(compaction.tokens_before)} → ${number(compaction.tokens_after)} tokens · by ${author} `,
        timeElement(compaction.created_at),
        foldedText("pre", { class: "value compaction-summary" }, summary),
      );
    }));
    this.compactionsEmpty.textContent = "None: the model sees every item.";
    this.compactionsEmpty.hidden = compactions.length > 0;
  }

  /**
   * Shows or hides the model's view, read anew each time it is shown: the summaries in place
   * of the items they stand for, then the items after them, each with its tokens.
   */
  async toggleModelView() {
    const open = this.modelViewButton.getAttribute("aria-expanded") !== "true";
    this.modelViewButton.setAttribute("aria-expanded", String(open));
    this.modelViewButton.textContent = open ? "Hide what the model sees" : "Show what the model sees";
    this.modelView.hidden = !open;
    if (!open) return;
    try {
      const view = await modelContext(this.session.id, this.context.signal);
      replace(this.modelView, view.items.map((entry) => {
        const { label } = classifyItem(entry.content);
        const what = entry.type === "summary"
          ? `summary of items ${number(entry.first_seq)}–${number(entry.last_seq)}`
          : `item ${number(entry.seq)} · ${label}`;
        const marks = [entry.pinned && "pinned", entry.elided && "tool results elided"].filter(Boolean);
        return h(
          "li",
          { class: `model-entry model-entry-${entry.type}` },
          `${what} · ${number(entry.tokens)} tokens${marks.length ? ` · ${marks.join(", ")}` : ""}`,
        );
      }));
      append(this.modelView, [h("li", { class: "small muted" }, `${number(view.tokens_after)} tokens in all.`)]);
    } catch (error) {
      this.context.reportError(error);
    }
  }

  /**
   * The sessions forked from this one among the most recent of its user and agent (there is
   * no filter for forks; a fork keeps its source's user and agent).
   *
   * @returns {Promise<object[]>}
   */
  async findForks() {
    const { session, context } = this;
    const forks = [];
    let cursor = "";
    for (let seen = 0; seen < FORK_SCAN_LIMIT;) {
      const page = await listSessions({
        user: session.user_id,
        agent: session.agent,
        cursor,
        limit: Math.min(FORK_SCAN_PAGE, FORK_SCAN_LIMIT - seen),
      }, context.signal);
      forks.push(...page.sessions.filter((other) => other.metadata?.forked_from?.id === session.id && other.id !== session.id));
      seen += page.sessions.length;
      if (!page.next_cursor || page.sessions.length === 0) break;
      cursor = page.next_cursor;
    }
    return forks;
  }

  /** Follows the session's events until the reader leaves or the session is deleted. */
  follow() {
    followEvents({
      sessionId: this.session.id,
      lastSequence: () => this.conversation.highest,
      signal: this.context.signal,
      onEvent: (type, data) => this.apply(type, data),
      onState: (state, detail) => {
        this.liveStatus.dataset.state = state;
        this.liveStatus.textContent = detail ?? LIVE_TEXT[state];
      },
      onError: this.context.reportError,
    });
  }

  /**
   * Applies one event of the stream.
   *
   * @param {string} type
   * @param {any} data
   */
  apply(type, data) {
    switch (type) {
      case "session":
      case "finalized":
        this.applyWhole(data);
        break;
      case "phase":
        this.session = {
          ...this.session,
          phase: data.to,
          version: data.version,
          updated_at: data.at,
          history: [...this.session.history, { from: data.from, to: data.to, at: data.at }],
        };
        this.render();
        this.refreshResume();
        break;
      case "item":
        this.conversation.append(data);
        this.session.last_sequence = Math.max(this.session.last_sequence, data.seq);
        this.itemCount.textContent = number(this.session.last_sequence);
        break;
      case "items_removed":
        this.conversation.remove(data.sequences ?? []);
        break;
      case "items_cleared":
        this.conversation.clear();
        break;
      case "deleted":
        this.showNotice("This session has been deleted.");
        this.finalizeButton.disabled = true;
        this.deleteButton.disabled = true;
        break;
      default:
        break;
    }
  }

  /**
   * Shows a whole session received (an event, or an action's answer), unless it is not newer
   * than the one shown: the stream opens with the session as it was read.
   *
   * @param {Record<string, any>} session
   */
  applyWhole(session) {
    if (session.version <= this.wholeVersion) return;
    this.session = session;
    this.wholeVersion = session.version;
    this.render();
    this.refreshResume();
  }

  /**
   * @param {string} text
   */
  showNotice(text) {
    this.notice.textContent = text;
    this.notice.hidden = false;
  }

  /** Finalizes the session with the outcome and summary the reader chooses. */
  async finalize() {
    const outcome = h(
      "select",
      { id: "finalize-outcome", autofocus: true },
      ["completed", "failed", "abandoned"].map((name) => h("option", { value: name }, name)),
    );
    const summary = h("input", { id: "finalize-summary", type: "text", autocomplete: "off" });
    const confirmed = await confirmAction({
      title: "Finalize this session?",
      message: `Session “${this.session.id}” will end with the outcome you choose; it cannot be changed afterwards.`,
      confirmLabel: "Finalize",
      fields: [
        h("div", { class: "field" }, h("label", { for: "finalize-outcome" }, "Outcome"), outcome),
        h("div", { class: "field" }, h("label", { for: "finalize-summary" }, "Summary (optional)"), summary),
      ],
    });
    if (!confirmed) return;
    try {
      this.applyWhole(await finalizeSession(this.session.id, outcome.value, summary.value.trim()));
    } catch (error) {
      this.context.reportError(error);
    }
  }

  /** Deletes the session (with its items and children), then shows the list. */
  async delete() {
    const confirmed = await confirmAction({
      title: "Delete this session?",
      message: `Session “${this.session.id}”, its items and its child sessions will be deleted. This cannot be undone.`,
      confirmLabel: "Delete",
      danger: true,
    });
    if (!confirmed) return;
    try {
      await deleteSession(this.session.id);
      this.context.navigate(this.context.href("/sessions"));
    } catch (error) {
      this.context.reportError(error);
    }
  }
}

/**
 * Forks a session through an item, then opens the new session.
 *
 * @param {string} id
 * @param {number} seq
 * @param {import("./app.js").PageContext} context
 */
async function fork(id, seq, context) {
  const confirmed = await confirmAction({
    title: "Fork this session?",
    message: `A new session will be made with the items of “${id}” up to and including item ${seq}.`,
    confirmLabel: "Fork",
  });
  if (!confirmed) return;
  try {
    const copy = await forkSession(id, seq);
    context.navigate(context.sessionHref(copy.id));
  } catch (error) {
    context.reportError(error);
  }
}

/**
 * A titled panel of the details column.
 *
 * @param {string} id The heading's id.
 * @param {string} title
 * @param {...Node} content
 * @returns {HTMLElement}
 */
function panel(id, title, ...content) {
  return h("section", { class: "panel", "aria-labelledby": id }, h("h2", { id }, title), content);
}

/**
 * A term and its description, for a `dl`.
 *
 * @param {string} term
 * @param {...unknown} description
 * @returns {HTMLElement}
 */
function fact(term, ...description) {
  return h("div", { class: "fact" }, h("dt", {}, term), h("dd", {}, description));
}

/**
 * A time: relative, with the exact time as its title.
 *
 * @param {string} iso
 * @returns {HTMLTimeElement}
 */
function timeElement(iso) {
  return h("time", { datetime: iso, title: `${iso} (${dateTime(iso)})` }, relativeTime(iso));
}

/**
 * A JSON object's keys and values for a `dl`; `app:` and `user:` keys are marked as shared.
 *
 * @param {Record<string, unknown>} object
 * @returns {Node[]}
 */
function keyValues(object = {}) {
  const keys = Object.keys(object);
  if (keys.length === 0) return [h("div", { class: "muted" }, "empty")];
  return keys.map((key) => {
    const scope = key.startsWith("app:") ? "app" : key.startsWith("user:") ? "user" : null;
    const value = object[key];
    const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
    return h(
      "div",
      { class: "fact" },
      h(
        "dt",
        { class: scope && "shared-key" },
        h("code", {}, key),
        scope && h("span", { class: "shared-label", title: `Shared by every session of this ${scope}` }, `shared: ${scope}`),
      ),
      h("dd", {}, foldedText(typeof value === "string" ? "span" : "pre", { class: "value" }, text)),
    );
  });
}

/**
 * A link to a session.
 *
 * @param {string} className
 * @param {string} id
 * @param {import("./app.js").PageContext} context
 * @returns {HTMLAnchorElement}
 */
function sessionLink(className, id, context) {
  return h("a", { class: className, href: context.sessionHref(id) }, id);
}

/**
 * Links to sessions as a list, or a note when there are none.
 *
 * @param {string} className
 * @param {object[]} sessions
 * @param {import("./app.js").PageContext} context
 * @param {string} none
 * @returns {HTMLElement}
 */
function linkList(className, sessions, context, none) {
  if (sessions.length === 0) return h("span", { class: "muted" }, none);
  return h(
    "ul",
    { class: "links" },
    sessions.map((other) => h("li", {}, sessionLink(className, other.id, context), " ", phaseBadge(other.phase))),
  );
}

