import { z } from 'zod';
import y2020 from './data/holidays/2020.json';
import y2021 from './data/holidays/2021.json';
import y2022 from './data/holidays/2022.json';
import y2023 from './data/holidays/2023.json';
import y2024 from './data/holidays/2024.json';
import y2025 from './data/holidays/2025.json';
import y2026 from './data/holidays/2026.json';
import { DomainError } from './messages';
import { shanghaiDate } from './time.rules';
import { bilingual, parseOrThrow } from './validation';

/**
 * The working-day calendar of mainland China: weekends are off unless the State Council moved a
 * working day onto them (调休上班); public holidays are off. Used for notice periods (公示期) and
 * appeal windows counted in working days.
 *
 * Dates are civil dates in Asia/Shanghai (`YYYY-MM-DD`, UTC+8, no daylight saving since 1991).
 * Pure and deterministic: it runs inside Temporal workflow code, so no Intl, no clock, no locale.
 *
 * The holidays are data, not code: one file per year under `data/holidays/`, transcribed from the
 * State Council General Office's annual notice (国务院办公厅关于部分节假日安排的通知), which it names in
 * `source`. A date in a year without a file is an explicit error, never a weekend-only guess.
 */

/** Every calendar data file, one per year. A new year is a new file and one more entry here. */
const HOLIDAY_FILES: readonly unknown[] = [y2020, y2021, y2022, y2023, y2024, y2025, y2026];

const MS_PER_DAY = 24 * 60 * 60 * 1000;
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` civil date, or null when it is not a real date. */
function dayNumber(date: string): number | null {
  const m = DATE_PATTERN.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = ms / MS_PER_DAY;
  // Round trip: refuses 2025-02-29, 2025-13-01 and years 0000-0099 (which Date.UTC maps to 19xx).
  return Number.isSafeInteger(day) && civilDate(day) === date ? day : null;
}

/** The `YYYY-MM-DD` civil date of a day number. */
function civilDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

const dateSchema = z
  .string()
  .refine(
    (s) => dayNumber(s) !== null,
    bilingual({ zh: '不是有效的日期（YYYY-MM-DD）', en: 'Not a valid date (YYYY-MM-DD)' }),
  );

/**
 * One year's data file. Dates lie in the file's year; a notice may reach into the adjacent year
 * (the 2019 notice gave 2018-12-30/31 off and made 2018-12-29 a working day), so dates in the
 * December before or the January after are accepted too.
 */
export const holidayYearSchema = z
  .strictObject({
    year: z.number().int().min(1991).max(9999),
    source: z.string().min(1),
    holidays: z
      .array(z.strictObject({ name: z.string().min(1).max(50), dates: z.array(dateSchema).min(1).max(366) }))
      .min(1)
      .max(50),
    makeupWorkdays: z
      .array(z.strictObject({ for: z.string().min(1).max(50), dates: z.array(dateSchema).min(1).max(366) }))
      .max(50),
  })
  .superRefine((file, ctx) => {
    const issue = (zh: string, en: string, path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', ...bilingual({ zh, en }, path) });
    const inRange = (date: string) => {
      const y = yearOf(date);
      const month = date.slice(5, 7);
      return (
        y === file.year || (y === file.year - 1 && month === '12') || (y === file.year + 1 && month === '01')
      );
    };
    const names = new Set<string>();
    const holidayDates = new Set<string>();
    file.holidays.forEach((h, i) => {
      if (names.has(h.name))
        issue(`节假日名称重复：${h.name}`, `Duplicate holiday name: ${h.name}`, ['holidays', i, 'name']);
      names.add(h.name);
      h.dates.forEach((date, j) => {
        const path = ['holidays', i, 'dates', j];
        if (dayNumber(date) === null) return; // reported by dateSchema
        if (!inRange(date)) issue(`${date}不在${file.year}年内`, `${date} is not in ${file.year}`, path);
        if (holidayDates.has(date)) issue(`${date}重复列出`, `${date} is listed twice`, path);
        holidayDates.add(date);
        if (j > 0 && dayNumber(date) !== (dayNumber(h.dates[j - 1]) ?? NaN) + 1)
          issue(
            `${h.name}的放假日期须为连续、递增的日期`,
            `The days off of ${h.name} must be consecutive and ascending`,
            path,
          );
      });
    });
    const makeupDates = new Set<string>();
    file.makeupWorkdays.forEach((m, i) => {
      if (!names.has(m.for))
        issue(`调休上班所属节假日不存在：${m.for}`, `Make-up working days for an unknown holiday: ${m.for}`, [
          'makeupWorkdays',
          i,
          'for',
        ]);
      m.dates.forEach((date, j) => {
        const path = ['makeupWorkdays', i, 'dates', j];
        const day = dayNumber(date);
        if (day === null) return; // reported by dateSchema
        if (!inRange(date)) issue(`${date}不在${file.year}年内`, `${date} is not in ${file.year}`, path);
        if (makeupDates.has(date)) issue(`${date}重复列出`, `${date} is listed twice`, path);
        makeupDates.add(date);
        if (!isWeekend(day))
          issue(
            `调休上班日${date}不是周末`,
            `The make-up working day ${date} is not a Saturday or Sunday`,
            path,
          );
        if (holidayDates.has(date))
          issue(
            `${date}既是放假日又是调休上班日`,
            `${date} is both a day off and a make-up working day`,
            path,
          );
      });
    });
  });

export type HolidayYear = z.output<typeof holidayYearSchema>;

/** The bundled data files, validated when the module loads (a bad file fails at start-up). */
export const DEFAULT_YEARS: readonly HolidayYear[] = Object.freeze(
  HOLIDAY_FILES.map((raw) => parseOrThrow(holidayYearSchema, raw, '节假日数据文件')),
);

function invalid(zh: string, en: string): DomainError {
  return new DomainError('validation_failed', { zh, en });
}

// shanghaiDate is zod-free (workflow code needs it): time.rules.ts, re-exported by time.ts.
export { shanghaiDate };

export class WorkingDayCalendar {
  private readonly years: ReadonlySet<number>;
  /** Date → the holiday it belongs to. */
  private readonly daysOff = new Map<string, string>();
  /** Date → the holiday it makes up for. */
  private readonly makeupDays = new Map<string, string>();

  /** Each file is checked against `holidayYearSchema`, and the files against each other. */
  constructor(files: readonly HolidayYear[]) {
    const years = new Set<number>();
    for (const raw of files) {
      const file = parseOrThrow(holidayYearSchema, raw, '节假日数据文件');
      if (years.has(file.year))
        throw invalid(`${file.year}年的节假日数据重复`, `The calendar data for ${file.year} is given twice`);
      years.add(file.year);
      for (const h of file.holidays) for (const date of h.dates) this.record(this.daysOff, date, h.name);
      for (const m of file.makeupWorkdays)
        for (const date of m.dates) this.record(this.makeupDays, date, m.for);
    }
    this.years = years;
  }

  private record(target: Map<string, string>, date: string, name: string): void {
    if (this.daysOff.has(date) || this.makeupDays.has(date))
      throw invalid(
        `${date}在多个节假日数据文件中出现`,
        `${date} appears in more than one calendar data file`,
      );
    target.set(date, name);
  }

  /** The years with a data file, ascending. */
  get coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** True on a working day: a weekday that is not a holiday, or a make-up working day (调休上班). */
  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(this.checkedDay(date));
  }

  /**
   * The n-th working day after `start` (`start` itself is not counted; n ≥ 1): a notice period of
   * 5 working days starting on `start` ends on `addWorkingDays(start, 5)`.
   */
  addWorkingDays(start: string, n: number): string {
    if (!Number.isSafeInteger(n) || n < 1)
      throw invalid(
        `工作日天数须为正整数：${n}`,
        `The number of working days must be a positive integer: ${n}`,
      );
    let day = this.checkedDay(start, false);
    for (let left = n; left > 0;) {
      day += 1;
      if (this.isWorkingDayNumber(day)) left -= 1;
    }
    return civilDate(day);
  }

  /**
   * The working days in (from, to]: `from` excluded, `to` included, so that
   * `workingDaysBetween(d, addWorkingDays(d, n)) === n`. Negative when `to` is before `from`.
   */
  workingDaysBetween(from: string, to: string): number {
    const a = this.checkedDay(from, false);
    const b = this.checkedDay(to, false);
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
    let count = 0;
    for (let day = lo + 1; day <= hi; day++) if (this.isWorkingDayNumber(day)) count++;
    return sign * count;
  }

  /** The `YYYY-MM-DD` civil date in Asia/Shanghai (UTC+8) of a UTC instant. */
  shanghaiDate(instant: Date | string | number): string {
    return shanghaiDate(instant);
  }

  /**
   * The end (23:59:59.999 Beijing time, as a UTC Date) of the n-th working day after the
   * instant's Beijing date: the deadline of a notice period or an appeal window opened at `instant`.
   */
  endOfWorkingDaysUtc(instant: Date | string | number, n: number): Date {
    const last = this.addWorkingDays(shanghaiDate(instant), n);
    return new Date((dayNumber(last) as number) * MS_PER_DAY + MS_PER_DAY - SHANGHAI_OFFSET_MS - 1);
  }

  /** The day number of `date`; refuses a malformed date and (if `covered`) a year without data. */
  private checkedDay(date: string, covered = true): number {
    const day = typeof date === 'string' ? dayNumber(date) : null;
    if (day === null)
      throw invalid(
        `不是有效的日期（YYYY-MM-DD）：${String(date)}`,
        `Not a valid date (YYYY-MM-DD): ${String(date)}`,
      );
    if (covered) this.requireYear(day);
    return day;
  }

  private requireYear(day: number): void {
    const date = civilDate(day);
    const year = yearOf(date);
    // Not the caller's mistake: the deployment lacks a year's data, and nobody may guess it.
    if (!this.years.has(year))
      throw new DomainError('calendar_data_missing', {
        zh: `缺少${year}年的节假日数据文件（libs/domain/src/data/holidays/${year}.json），无法判断${date}是否为工作日`,
        en: `The calendar data file for ${year} (libs/domain/src/data/holidays/${year}.json) is missing; cannot tell whether ${date} is a working day`,
      });
  }

  private isWorkingDayNumber(day: number): boolean {
    this.requireYear(day);
    const date = civilDate(day);
    if (this.daysOff.has(date)) return false;
    if (this.makeupDays.has(date)) return true;
    return !isWeekend(day);
  }
}

const DEFAULT_CALENDAR = new WorkingDayCalendar(DEFAULT_YEARS);

/** The working-day calendar of the given data files (by default the bundled ones, built once). */
export function workingDayCalendar(years: readonly HolidayYear[] = DEFAULT_YEARS): WorkingDayCalendar {
  return years === DEFAULT_YEARS ? DEFAULT_CALENDAR : new WorkingDayCalendar(years);
}
