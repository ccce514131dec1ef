// Charts drawn as inline SVG (attributes only: the page's policy allows no inline style).

import { svg } from "./dom.js";
import { number } from "./format.js";

const WIDTH = 400;
const LABEL_WIDTH = 105;
const VALUE_WIDTH = 50;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 18;

/**
 * A horizontal bar chart, one labelled bar per row, scaled to the largest value. Each bar is
 * a `rect.bar` carrying `data-<dataName>="<key>"`, so the stylesheet colours it.
 *
 * @param {object} options
 * @param {string} options.id The svg element's id.
 * @param {string} options.title Its accessible name.
 * @param {string} options.dataName The data attribute naming each bar's key, such as "phase".
 * @param {Array<{key: string, label: string, value: number}>} options.rows
 * @returns {SVGSVGElement}
 */
export function barChart({ id, title, dataName, rows }) {
  const height = Math.max(rows.length, 1) * ROW_HEIGHT + 8;
  const chart = svg("svg", {
    id,
    class: "chart",
    viewBox: `0 0 ${WIDTH} ${height}`,
    width: WIDTH,
    height,
    role: "img",
    "aria-labelledby": `${id}-title`,
  }, svg("title", { id: `${id}-title` }, title));
  if (rows.length === 0) {
    chart.append(svg("text", { class: "chart-empty", x: 0, y: ROW_HEIGHT / 2 + 4 }, "None yet."));
    return chart;
  }
  const largest = Math.max(...rows.map((row) => row.value), 1);
  const span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  rows.forEach((row, index) => {
    const y = index * ROW_HEIGHT + 4;
    const width = Math.max((row.value / largest) * span, row.value > 0 ? 2 : 0);
    const middle = y + BAR_HEIGHT / 2 + 4;
    chart.append(
      svg("text", { class: "bar-label", x: LABEL_WIDTH - 8, y: middle, "text-anchor": "end" }, row.label),
      svg("rect", {
        class: "bar",
        [`data-${dataName}`]: row.key,
        x: LABEL_WIDTH,
        y,
        width: width.toFixed(1),
        height: BAR_HEIGHT,
        rx: 3,
      }, svg("title", {}, `${row.label}: ${number(row.value)}`)),
      svg("text", { class: "bar-value", x: (LABEL_WIDTH + width + 6).toFixed(1), y: middle }, number(row.value)),
    );
  });
  return chart;
}
