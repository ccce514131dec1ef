// Formatting of times, durations, numbers and sizes for display.

const numberFormat = new Intl.NumberFormat();
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "long" });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** Relative-time steps: the unit and how many seconds make one. */
const UNITS = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

/**
 * A time relative to now, such as "3 minutes ago" or "now".
 *
 * @param {string} iso An RFC 3339 time.
 * @param {number} [now] Milliseconds since the epoch.
 * @returns {string}
 */
export function relativeTime(iso, now = Date.now()) {
  const seconds = (Date.parse(iso) - now) / 1000;
  if (Number.isNaN(seconds)) return iso;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.trunc(seconds / size), unit);
  }
  return Math.abs(seconds) < 10 ? relativeFormat.format(0, "second") : relativeFormat.format(Math.trunc(seconds), "second");
}

/**
 * A time of day in the reader's locale, such as "14:03:09".
 *
 * @param {string} iso
 * @returns {string}
 */
export function timeOfDay(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}

/**
 * A date and time in the reader's locale.
 *
 * @param {string} iso
 * @returns {string}
 */
export function dateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

/**
 * A duration such as "850 ms", "42 s", "3 min 5 s", "2 h 10 min" or "3 d 4 h"; "—" for none.
 *
 * @param {number | null | undefined} seconds
 * @returns {string}
 */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${Number(seconds.toFixed(seconds < 10 ? 1 : 0))} s`;
  const total = Math.round(seconds);
  const pairs = [
    [Math.floor(total / 86400), "d", Math.floor((total % 86400) / 3600), "h"],
    [Math.floor(total / 3600), "h", Math.floor((total % 3600) / 60), "min"],
    [Math.floor(total / 60), "min", total % 60, "s"],
  ];
  const [major, majorUnit, minor, minorUnit] = pairs.find(([value]) => value > 0);
  return minor > 0 ? `${major} ${majorUnit} ${minor} ${minorUnit}` : `${major} ${majorUnit}`;
}

/**
 * A whole number with the locale's grouping, such as "12,345".
 *
 * @param {number | null | undefined} value
 * @returns {string}
 */
export function number(value) {
  return value === null || value === undefined ? "—" : numberFormat.format(value);
}

/**
 * A rate between 0 and 1 as a percentage, such as "12.5 %".
 *
 * @param {number | null | undefined} rate
 * @returns {string}
 */
export function percent(rate) {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  return `${Number((rate * 100).toFixed(1))} %`;
}

/**
 * A size in bytes, such as "512 B", "1.5 KiB" or "3.2 MiB".
 *
 * @param {number | null | undefined} bytes
 * @returns {string}
 */
export function bytes(bytes) {
  if (bytes === null || bytes === undefined) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
