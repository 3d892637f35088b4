/**
 * ISO 8601 durations, as the program template writes them (`P30D`, `PT12H`, `P1Y6M`, `P2W`).
 *
 * Pure and deterministic: it runs inside Temporal workflow code, so no Intl, no clock, no locale.
 * Only the non-negative integer subset is accepted: `P[n]Y[n]M[n]W[n]DT[n]H[n]M[n]S` with at least one
 * component (weeks may be combined with other components, as in ISO 8601-2 and TC39 Temporal).
 * No fractions (`PT1.5H`), no signs (`-P1D`, `P-1D`), no lower case, no spaces.
 */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

/** The largest instant a JS Date can hold (±100,000,000 days around the epoch). */
const MAX_DATE_MS = 8.64e15;

/**
 * The fixed instant from which `compareDurations` measures calendar components (Y/M), and which the
 * schema uses to refuse durations too long to add to any date. A constant, never the clock.
 */
const REFERENCE_MS = Date.UTC(2001, 0, 1);
export const DURATION_REFERENCE: Readonly<Date> = new Date(REFERENCE_MS);

/** The structured value of `iso`, or null when it is not a valid duration of the accepted subset. */
export function tryParseIsoDuration(iso: unknown): IsoDuration | null {
  if (typeof iso !== 'string') return null;
  const m = PATTERN.exec(iso);
  if (!m) return null;
  const parts = m.slice(1);
  if (parts.every((p) => p === undefined)) return null; // "P", "PT"
  if (iso.includes('T') && parts.slice(4).every((p) => p === undefined)) return null; // "P1DT"
  const values = parts.map((p) => (p === undefined ? 0 : Number(p)));
  if (!values.every(Number.isSafeInteger)) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = values;
  return { years, months, weeks, days, hours, minutes, seconds };
}

/** The structured value of `iso`; throws a RangeError if it is not a valid duration. */
export function parseIsoDuration(iso: string): IsoDuration {
  const parsed = tryParseIsoDuration(iso);
  if (!parsed)
    throw new RangeError(`Not an ISO 8601 duration of the form PnYnMnWnDTnHnMnS: ${JSON.stringify(iso)}`);
  return parsed;
}

/** True for a well-formed duration string of the accepted subset. */
export function isIsoDuration(value: unknown): value is string {
  return tryParseIsoDuration(value) !== null;
}

/** True when every component is 0 (`P0D`, `PT0S`). */
export function isZeroDuration(d: IsoDuration): boolean {
  return Object.values(d).every((v) => v === 0);
}

/** True when the duration has a calendar part (years or months), whose length depends on the date. */
export function hasCalendarPart(d: IsoDuration): boolean {
  return d.years !== 0 || d.months !== 0;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (0-11) of `year`, by arithmetic (Date.UTC maps years 0-99 to 1900-1999). */
function daysInMonth(year: number, month: number): number {
  if (month === 1) return isLeapYear(year) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month];
}

/** Milliseconds of the exact part (weeks, days, hours, minutes, seconds); a UTC day is 24 hours. */
function exactMs(d: IsoDuration): number {
  return (
    (d.weeks * 7 + d.days) * MS_PER_DAY +
    d.hours * MS_PER_HOUR +
    d.minutes * MS_PER_MINUTE +
    d.seconds * MS_PER_SECOND
  );
}

function addParsed(start: number, d: IsoDuration): number {
  let ms = start;
  const totalMonths = d.years * 12 + d.months;
  if (totalMonths !== 0) {
    // Calendar arithmetic in UTC: move the month, keep the time of day, clamp the day of month
    // (Jan 31 + P1M = Feb 28, or Feb 29 in a leap year).
    const from = new Date(start);
    const index = from.getUTCFullYear() * 12 + from.getUTCMonth() + totalMonths;
    const year = Math.floor(index / 12);
    const month = index - year * 12;
    const day = Math.min(from.getUTCDate(), daysInMonth(year, month));
    ms = from.setUTCFullYear(year, month, day);
  }
  return ms + exactMs(d);
}

/**
 * `date` + `iso`: years and months first, by the calendar in UTC (day of month clamped), then weeks,
 * days, hours, minutes and seconds as exact time. Throws a RangeError for an invalid date or
 * duration, or when the result is beyond what a Date can hold.
 */
export function addDuration(date: Date, iso: string): Date {
  const start = date.getTime();
  if (Number.isNaN(start)) throw new RangeError('addDuration: invalid date');
  const ms = addParsed(start, parseIsoDuration(iso));
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) {
    throw new RangeError(`addDuration: ${iso} added to ${date.toISOString()} is out of range`);
  }
  return new Date(ms);
}

/**
 * Exact length in milliseconds (for Temporal timers: `sleep`, `condition`). Only for durations
 * without a calendar part: a month or a year has no fixed length, so `P1M` throws (use
 * `addDuration(now, iso).getTime() - now` instead). Zero-valued `P0Y`/`P0M` components are harmless.
 */
export function durationMs(iso: string): number {
  const d = parseIsoDuration(iso);
  if (hasCalendarPart(d)) {
    throw new RangeError(
      `durationMs: ${iso} has years or months, whose length depends on the date; use addDuration`,
    );
  }
  const ms = exactMs(d);
  if (!Number.isSafeInteger(ms)) throw new RangeError(`durationMs: ${iso} is too long`);
  return ms;
}

/**
 * Compare two durations by where they end when both start at `from` (default DURATION_REFERENCE,
 * 2001-01-01T00:00Z): negative if `a` is shorter, 0 if equal, positive if longer. Calendar parts make
 * the answer depend on the start (P1M vs P30D), hence the fixed, explicit reference.
 */
export function compareDurations(a: string, b: string, from: Date = new Date(REFERENCE_MS)): number {
  return addDuration(from, a).getTime() - addDuration(from, b).getTime();
}

/**
 * True for a well-formed duration that can be added to a date (from DURATION_REFERENCE): what
 * `addDuration` and `compareDurations` accept without throwing. False for anything else.
 */
export function isDurationInRange(value: unknown): value is string {
  const d = tryParseIsoDuration(value);
  if (!d) return false;
  const ms = addParsed(REFERENCE_MS, d);
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}

/** True when `iso` added to any date stays within what a Date can hold (invalid strings: true). */
export function fitsDates(iso: string): boolean {
  return !isIsoDuration(iso) || isDurationInRange(iso); // a malformed one is the syntax check's
}
