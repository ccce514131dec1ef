// The overview: the app's statistics (GET /v1/stats) as tiles and bar charts.

import { PHASES, getStatistics } from "./api.js";
import { barChart } from "./charts.js";
import { h, replace } from "./dom.js";
import { bytes, duration, number, percent } from "./format.js";

const OUTCOMES = ["completed", "failed", "abandoned"];

/**
 * Renders the overview into `main`.
 *
 * @param {HTMLElement} main
 * @param {object} _route
 * @param {import("./app.js").PageContext} context
 */
export async function renderOverviewPage(main, _route, context) {
  const loading = h("p", { class: "muted" }, "Loading…");
  const tiles = h("dl", { class: "tiles" });
  const charts = h("div", { class: "charts" });
  const section = h(
    "section",
    { id: "overview-page", "aria-labelledby": "overview-title" },
    h("h1", { id: "overview-title", tabindex: "-1" }, `Overview of ${context.appLabel}`),
    loading,
    tiles,
    charts,
  );
  replace(main, section);

  const stats = await getStatistics(context.signal).finally(() => loading.remove());
  replace(
    tiles,
    tile("stat-session-count", "Sessions", number(stats.session_count)),
    tile("stat-active-count", "Active", number(stats.active_count)),
    tile("stat-resume-rate", "Resume rate", percent(stats.resume_rate), `${number(stats.resumed_count)} resumed`),
    tile("stat-error-rate", "Error rate", percent(stats.error_rate), `${number(stats.errored_count)} with errors`),
    tile("stat-median-duration", "Median duration", duration(stats.median_duration_seconds), `p95 ${duration(stats.p95_duration_seconds)}`),
    tile("stat-item-count", "Items", number(stats.item_count)),
    tile("stat-item-bytes", "Item bytes", bytes(stats.item_bytes), `${number(stats.item_bytes)} bytes`),
  );
  replace(
    charts,
    figure("Sessions by phase", barChart({
      id: "phase-chart",
      title: "Sessions by phase",
      dataName: "phase",
      rows: rowsOf(stats.counts_by_phase, PHASES),
    })),
    figure("Finalized sessions by outcome", barChart({
      id: "outcome-chart",
      title: "Finalized sessions by outcome",
      dataName: "outcome",
      rows: rowsOf(stats.counts_by_outcome, OUTCOMES),
    })),
  );
  section.dataset.loaded = "true";
}

/**
 * One number tile: a group of the list of tiles.
 *
 * @param {string} id The value's id.
 * @param {string} label
 * @param {string} value
 * @param {string} [detail]
 * @returns {HTMLElement}
 */
function tile(id, label, value, detail) {
  return h(
    "div",
    { class: "tile" },
    h("dt", { class: "tile-label" }, label),
    h("dd", { class: "tile-value", id }, value),
    detail && h("dd", { class: "tile-detail muted" }, detail),
  );
}

/**
 * @param {string} caption
 * @param {SVGSVGElement} chart
 * @returns {HTMLElement}
 */
function figure(caption, chart) {
  return h("figure", { class: "chart-figure" }, h("figcaption", {}, caption), chart);
}

/**
 * Chart rows of the counts that are not zero: the known keys in their order, then any others.
 *
 * @param {Record<string, number> | undefined} counts
 * @param {string[]} order
 * @returns {Array<{key: string, label: string, value: number}>}
 */
function rowsOf(counts = {}, order) {
  const keys = [...order.filter((key) => key in counts), ...Object.keys(counts).filter((key) => !order.includes(key)).sort()];
  return keys.filter((key) => counts[key] > 0).map((key) => ({ key, label: key, value: counts[key] }));
}
