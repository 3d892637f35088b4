import { z } from 'zod';
import {
  addDuration,
  compareDurations,
  DURATION_REFERENCE,
  durationMs,
  hasCalendarPart,
  isDurationInRange,
  isIsoDuration,
  isoDurationSchema,
  isZeroDuration,
  parseIsoDuration,
  positiveIsoDurationSchema,
  tryParseIsoDuration,
} from './iso-duration';
import { caught, HAN } from './spec-helpers';
import { parseOrThrow } from './validation';

const zero = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
const utc = (iso: string) => new Date(iso);

describe('parseIsoDuration', () => {
  it.each([
    ['P30D', { days: 30 }],
    ['PT12H', { hours: 12 }],
    ['P1Y6M', { years: 1, months: 6 }],
    ['P2W', { weeks: 2 }],
    ['PT5S', { seconds: 5 }],
    ['PT90M', { minutes: 90 }],
    ['P0D', {}],
    ['PT0S', {}],
    ['P1Y2M3W4DT5H6M7S', { years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 }],
    ['P1M', { months: 1 }],
    ['PT1M', { minutes: 1 }],
    ['P1MT1M', { months: 1, minutes: 1 }],
    ['P007D', { days: 7 }],
  ])('parses %s', (iso, parts) => {
    expect(parseIsoDuration(iso)).toEqual({ ...zero, ...parts });
  });

  it.each([
    ['the empty string', ''],
    ['a bare P', 'P'],
    ['a bare PT', 'PT'],
    ['a trailing T without a time part', 'P1DT'],
    ['a negative duration', '-P1D'],
    ['a negative component', 'P-1D'],
    ['an explicit plus sign', '+P1D'],
    ['a fraction', 'PT1.5H'],
    ['a comma fraction', 'PT1,5H'],
    ['lower case', 'p1d'],
    ['a missing P', '1D'],
    ['components out of order', 'P1D1Y'],
    ['a repeated component', 'P1D2D'],
    ['hours without T', 'P1H'],
    ['days after T', 'PT1D'],
    ['weeks after T', 'PT1W'],
    ['surrounding spaces', ' P1D '],
    ['an inner space', 'P1Y 2M'],
    ['a unit without a number', 'PYD'],
    ['an ISO interval', '2026-01-01/P1D'],
    ['the alternative format', 'P0001-02-03'],
    ['a number beyond the safe-integer range', 'PT99999999999999999999S'],
  ])('refuses %s', (_label, iso) => {
    expect(() => parseIsoDuration(iso)).toThrow(RangeError);
    expect(tryParseIsoDuration(iso)).toBeNull();
    expect(isIsoDuration(iso)).toBe(false);
  });

  // Hostile text (issue 14 §4): refused as a value, never a crash, whatever the position.
  it.each([
    ['a NUL after it', 'P1D\u0000'],
    ['a NUL before it', '\u0000P1D'],
    ['a NUL inside it', 'P1\u0000D'],
    ['a trailing line feed', 'P1D\n'],
    ['a trailing carriage return', 'P1D\r'],
    ['a tab inside it', 'P1D\tT1H'],
    ['an escape character', '\u001bP1D'],
    ['a lone high surrogate', 'P1D\ud800'],
    ['a lone low surrogate', '\udc00P1D'],
    ['a surrogate pair (an emoji)', 'P1D\ud83d\ude00'],
    ['full-width digits', 'P\uff11D'],
    ['Arabic-Indic digits', 'P\u0661D'],
    ['a zero-width space', 'P1\u200bD'],
    ['100 kB of digits', `P${'1'.repeat(100_000)}D`],
  ])('refuses %s', (_label, iso) => {
    expect(() => parseIsoDuration(iso)).toThrow(RangeError);
    expect(tryParseIsoDuration(iso)).toBeNull();
    expect(isIsoDuration(iso)).toBe(false);
    expect(isDurationInRange(iso)).toBe(false);
  });

  it.each([undefined, null, 30, {}, ['P1D']])(
    'tryParseIsoDuration returns null for the non-string %p',
    (v) => {
      expect(tryParseIsoDuration(v)).toBeNull();
      expect(isIsoDuration(v)).toBe(false);
    },
  );

  it('tells zero and calendar durations apart', () => {
    expect(isZeroDuration(parseIsoDuration('P0Y0M0DT0S'))).toBe(true);
    expect(isZeroDuration(parseIsoDuration('PT1S'))).toBe(false);
    expect(hasCalendarPart(parseIsoDuration('P1Y'))).toBe(true);
    expect(hasCalendarPart(parseIsoDuration('P1M'))).toBe(true);
    expect(hasCalendarPart(parseIsoDuration('PT1M'))).toBe(false);
    expect(hasCalendarPart(parseIsoDuration('P0M5D'))).toBe(false);
  });
});

describe('addDuration', () => {
  it.each([
    ['2026-01-31T00:00:00Z', 'P1M', '2026-02-28T00:00:00.000Z', 'clamps Jan 31 + 1 month to Feb 28'],
    ['2024-01-31T00:00:00Z', 'P1M', '2024-02-29T00:00:00.000Z', 'clamps to Feb 29 in a leap year'],
    ['2026-03-31T08:30:00Z', 'P1M', '2026-04-30T08:30:00.000Z', 'clamps to a 30-day month, keeping the time'],
    ['2024-02-29T00:00:00Z', 'P1Y', '2025-02-28T00:00:00.000Z', 'clamps Feb 29 + 1 year'],
    ['2024-02-29T00:00:00Z', 'P4Y', '2028-02-29T00:00:00.000Z', 'keeps Feb 29 four years on'],
    ['2100-01-31T00:00:00Z', 'P1M', '2100-02-28T00:00:00.000Z', 'knows 2100 is not a leap year'],
    ['2000-01-31T00:00:00Z', 'P1M', '2000-02-29T00:00:00.000Z', 'knows 2000 is a leap year'],
    ['2026-11-15T00:00:00Z', 'P2M', '2027-01-15T00:00:00.000Z', 'crosses the year end'],
    ['2026-12-31T00:00:00Z', 'P1Y2M', '2028-02-29T00:00:00.000Z', 'adds years and months together'],
    ['2026-01-31T00:00:00Z', 'P1M1D', '2026-03-01T00:00:00.000Z', 'applies months before days'],
    ['2026-01-01T00:00:00Z', 'P30D', '2026-01-31T00:00:00.000Z', 'adds exact days'],
    ['2026-01-01T00:00:00Z', 'P2W', '2026-01-15T00:00:00.000Z', 'adds weeks as 7 days'],
    ['2026-01-01T23:00:00Z', 'PT2H', '2026-01-02T01:00:00.000Z', 'adds hours across midnight'],
    ['2026-01-01T00:00:00Z', 'PT90M', '2026-01-01T01:30:00.000Z', 'adds minutes'],
    ['2026-01-01T00:00:00.250Z', 'PT5S', '2026-01-01T00:00:05.250Z', 'adds seconds, keeping milliseconds'],
    ['2026-02-28T12:00:00Z', 'P1DT12H', '2026-03-02T00:00:00.000Z', 'adds days and hours'],
    ['2026-01-01T00:00:00Z', 'P0D', '2026-01-01T00:00:00.000Z', 'adds nothing for P0D'],
    ['2026-03-28T16:00:00Z', 'P1D', '2026-03-29T16:00:00.000Z', 'is UTC, unaffected by any DST zone'],
  ])('%s + %s = %s (%s)', (start, iso, expected) => {
    expect(addDuration(utc(start), iso).toISOString()).toBe(expected);
  });

  it('does not mutate its argument', () => {
    const start = utc('2026-01-31T00:00:00Z');
    addDuration(start, 'P1M');
    expect(start.toISOString()).toBe('2026-01-31T00:00:00.000Z');
  });

  it('is not associative over month ends (clamping is per call)', () => {
    const twice = addDuration(addDuration(utc('2026-01-31T00:00:00Z'), 'P1M'), 'P1M');
    expect(twice.toISOString()).toBe('2026-03-28T00:00:00.000Z');
    expect(addDuration(utc('2026-01-31T00:00:00Z'), 'P2M').toISOString()).toBe('2026-03-31T00:00:00.000Z');
  });

  it('throws on an invalid duration, an invalid date, or a result out of range', () => {
    expect(() => addDuration(utc('2026-01-01T00:00:00Z'), '-P1D')).toThrow(RangeError);
    expect(() => addDuration(new Date(NaN), 'P1D')).toThrow(RangeError);
    expect(() => addDuration(utc('2026-01-01T00:00:00Z'), 'P999999Y')).toThrow(RangeError);
  });
});

describe('durationMs', () => {
  it.each([
    ['PT5S', 5_000],
    ['PT1M', 60_000],
    ['PT1H', 3_600_000],
    ['P1D', 86_400_000],
    ['P1W', 7 * 86_400_000],
    ['P1DT1H1M1S', 86_400_000 + 3_600_000 + 60_000 + 1_000],
    ['P0D', 0],
    ['P0Y0M2D', 2 * 86_400_000],
  ])('%s is %d ms', (iso, ms) => {
    expect(durationMs(iso)).toBe(ms);
  });

  it.each(['P1M', 'P1Y', 'P1Y1D', 'P1MT1S'])('throws for %s, which has a calendar part', (iso) => {
    expect(() => durationMs(iso)).toThrow(/years or months/);
  });

  it('throws on an invalid duration', () => {
    expect(() => durationMs('-PT5S')).toThrow(RangeError);
    expect(() => durationMs('PT0.5S')).toThrow(RangeError);
  });

  it('agrees with addDuration for exact durations', () => {
    const start = utc('2026-06-01T00:00:00Z');
    for (const iso of ['PT5S', 'P3DT4H', 'P2W']) {
      expect(addDuration(start, iso).getTime() - start.getTime()).toBe(durationMs(iso));
    }
  });
});

describe('compareDurations', () => {
  it('orders durations by where they end from the fixed reference', () => {
    expect(DURATION_REFERENCE.toISOString()).toBe('2001-01-01T00:00:00.000Z');
    expect(compareDurations('P6M', 'P1Y')).toBeLessThan(0);
    expect(compareDurations('P1Y', 'P12M')).toBe(0);
    expect(compareDurations('P2W', 'P14D')).toBe(0);
    expect(compareDurations('P1D', 'PT23H')).toBeGreaterThan(0);
    // January has 31 days: from the reference, P1M ends after P30D.
    expect(compareDurations('P30D', 'P1M')).toBeLessThan(0);
    // From February 2001 (28 days) it does not.
    expect(compareDurations('P30D', 'P1M', utc('2001-02-01T00:00:00Z'))).toBeGreaterThan(0);
  });
});

describe('isoDurationSchema', () => {
  it('accepts valid durations, P0D included', () => {
    for (const iso of ['P30D', 'PT5S', 'P1Y6M', 'P0D']) expect(isoDurationSchema.parse(iso)).toBe(iso);
  });

  it('refuses an invalid duration with a bilingual message', () => {
    const error = caught(() => parseOrThrow(z.object({ window: isoDurationSchema }), { window: '-P1D' }));
    expect(error.fields).toHaveLength(1);
    expect(error.fields[0].path).toBe('window');
    expect(error.fields[0].message.zh).toMatch(HAN);
    expect(error.fields[0].message.zh).toContain('ISO 8601');
    expect(error.fields[0].message.en).toMatch(/ISO 8601 duration/);
  });

  it('refuses a non-string with the built-in Chinese type message', () => {
    const error = caught(() => parseOrThrow(z.object({ window: isoDurationSchema }), { window: 30 }));
    expect(error.fields.map((f) => f.path)).toEqual(['window']);
    expect(error.fields[0].message.zh).toMatch(HAN);
  });

  it('refuses a duration too long to add to a date', () => {
    const result = isoDurationSchema.safeParse('P999999Y');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(['The duration is too long to add to a date']);
  });

  it.each([
    ['a NUL', 'P1D\u0000'],
    ['a lone surrogate', '\ud800'],
    ['100 kB of text', 'x'.repeat(100_000)],
    ['a duration beyond any date', 'P999999Y'],
  ])('refuses %s with issues, never by throwing', (_label, iso) => {
    for (const schema of [isoDurationSchema, positiveIsoDurationSchema]) {
      const result = schema.safeParse(iso);
      expect(result.success).toBe(false);
      expect(result.error?.issues.length).toBeGreaterThan(0);
    }
  });

  it('isDurationInRange: well-formed and addable to a date', () => {
    expect(isDurationInRange('P30D')).toBe(true);
    expect(isDurationInRange('P0D')).toBe(true);
    expect(isDurationInRange('P999999Y')).toBe(false); // well-formed, but beyond any Date
    expect(isDurationInRange('P1X')).toBe(false);
    expect(isDurationInRange(30)).toBe(false);
    expect(() => compareDurations('P1D', 'P999999Y')).toThrow(RangeError); // why callers check first
  });

  it('positiveIsoDurationSchema refuses zero and keeps one message for a malformed value', () => {
    expect(positiveIsoDurationSchema.safeParse('PT1S').success).toBe(true);
    const zeroResult = positiveIsoDurationSchema.safeParse('P0D');
    expect(zeroResult.error?.issues.map((i) => i.message)).toEqual(['The duration must be longer than zero']);
    const bad = positiveIsoDurationSchema.safeParse('P1.5D');
    expect(bad.error?.issues).toHaveLength(1);
  });
});
