// A small element builder that only ever sets text and attributes, so that nothing it is
// given (session content included) is parsed as HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Attributes that could run script or style the page: never set through `h`. */
const FORBIDDEN = new Set(["style", "srcdoc", "src", "action", "formaction"]);

/**
 * Creates an HTML element.
 *
 * `attrs` values: `class` sets the class list (a string or an array, falsy entries skipped);
 * a function under an `on…` name becomes an event listener; `true` sets an empty attribute,
 * `false`, `null` and `undefined` set nothing; anything else is set as a string attribute.
 * `href` must be an internal route (starting with `#`). `children` are nodes, strings
 * (added as text), numbers, arrays of those, or null/false (skipped).
 *
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  applyAttributes(element, attrs);
  append(element, children);
  return element;
}

/**
 * Creates an SVG element; attributes and children as for `h`.
 *
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...unknown} children
 * @returns {SVGElement}
 */
export function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  applyAttributes(element, attrs);
  append(element, children);
  return element;
}

/**
 * Appends children to an element: nodes as they are, strings and numbers as text nodes.
 *
 * @param {Element} element
 * @param {unknown[]} children
 */
export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces an element's children.
 *
 * @param {Element} element
 * @param {...unknown} children
 */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/**
 * @param {Element} element
 * @param {Record<string, unknown>} attrs
 */
function applyAttributes(element, attrs) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    const lower = name.toLowerCase();
    if (lower.startsWith("on")) {
      if (typeof value !== "function") throw new TypeError(`${name} must be a function`);
      element.addEventListener(lower.slice(2), /** @type {EventListener} */ (value));
    } else if (FORBIDDEN.has(lower)) {
      throw new TypeError(`the attribute ${name} is not allowed`);
    } else if (lower === "href" && !String(value).startsWith("#")) {
      throw new TypeError("links point only at the inspector's own routes");
    } else if (lower === "class") {
      const names = Array.isArray(value) ? value.filter(Boolean) : String(value).split(/\s+/).filter(Boolean);
      element.classList.add(...names);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
}
