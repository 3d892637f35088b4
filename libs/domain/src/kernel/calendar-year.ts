import { z } from 'zod';
import { holidayYearSchema, HolidayYear, shanghaiDate, WorkingDayCalendar } from './calendar';
import { Bilingual } from './messages';
import { CALENDAR_STATUSES, CalendarBasis, CalendarYearInForce } from './calendar-year.rules';
import { bilingual, parseOrThrow } from './validation';

export * from './calendar-year.rules';

/**
 * The calendar as data: each year's State Council notice is entered by an administrator and
 * approved by a second one (four eyes); the approved version with the highest number is in force.
 * A year with no approved version is computed (provisional, see provisional-calendar.ts), so a
 * period can always be counted, and says so.
 */

/** The first and last year the product counts in (a wider range is a typo, not a plan). */
export const CALENDAR_MIN_YEAR = 2020;
export const CALENDAR_MAX_YEAR = 2100;

export const calendarYearParamSchema = z.object({
  year: z.coerce
    .number()
    .int()
    .min(CALENDAR_MIN_YEAR)
    .max(CALENDAR_MAX_YEAR)
    .describe(`A year, ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR}`),
});

/** The notice a year's data comes from (国务院办公厅关于部分节假日安排的通知). */
export const calendarSourceSchema = z.strictObject({
  title: z.string().trim().min(4).max(200).describe('通知标题 The notice title'),
  number: z.string().trim().min(1).max(100).nullable().describe('文号, e.g. 国办发明电〔2025〕7号'),
  publishedOn: z.iso.date().nullable().describe('发布日期 Publication date (YYYY-MM-DD)'),
  url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .describe('原文链接 Where the notice is published'),
});
export type CalendarSource = z.infer<typeof calendarSourceSchema>;

const holidayListSchema = holidayYearSchema.shape.holidays;
const makeupListSchema = holidayYearSchema.shape.makeupWorkdays;

/** What an administrator enters for a year: its holidays and make-up working days, with the source. */
export const calendarEntrySchema = z.strictObject({
  holidays: holidayListSchema.describe('放假安排 Each holiday with its consecutive days off'),
  makeupWorkdays: makeupListSchema.describe('调休上班 Weekend days made working days, by holiday'),
  source: calendarSourceSchema,
  note: z.string().trim().max(2000).optional().describe('说明 Why this version (e.g. a correction)'),
});
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;

/** The entry as one year's data file, checked by the same rules as the bundled files. */
export function calendarEntryAsYear(year: number, entry: CalendarEntry): HolidayYear {
  const data = {
    year,
    source: sourceText(entry.source),
    holidays: entry.holidays,
    makeupWorkdays: entry.makeupWorkdays,
  };
  return parseOrThrow(holidayYearSchema, data, '节假日安排');
}

export function sourceText(source: Pick<CalendarSource, 'title' | 'number'>): string {
  return source.number ? `${source.title}（${source.number}）` : source.title;
}

export const calendarDecisionSchema = z
  .strictObject({
    decision: z
      .enum(['approve', 'reject'])
      .describe('approve: in force from now; reject: back to the enterer'),
    comment: z.string().trim().max(2000).optional(),
  })
  .refine(
    (d) => d.decision === 'approve' || (d.comment?.length ?? 0) >= 5,
    bilingual(
      { zh: '退回时须填写意见（不少于 5 个字）', en: 'A rejection needs a comment (at least 5 characters)' },
      ['comment'],
    ),
  );
export type CalendarDecisionInput = z.infer<typeof calendarDecisionSchema>;

// ---- the calendar in force and what a period was counted on -------------------------------------

export const calendarBasisSchema = z.object({
  status: z
    .enum(CALENDAR_STATUSES)
    .describe('provisional: counted on a computed year (never ends too early)'),
  years: z.array(
    z.object({ year: z.number().int(), status: z.enum(CALENDAR_STATUSES), version: z.string() }),
  ),
  statement: z
    .object({ zh: z.string(), en: z.string() })
    .describe('What the period was counted on, for the notice text'),
});

export interface WorkingDayDeadline {
  /** 23:59:59.999 Beijing time of the last working day. */
  end: Date;
  lastDay: string;
  basis: CalendarBasis;
}

/** The years a period from `instant` may touch: its year and the next (periods are short). */
export function yearsToLoad(instant: Date | number | string): number[] {
  const y = Number(shanghaiDate(instant).slice(0, 4));
  return [y, y + 1];
}

/**
 * The end of the n-th working day after `instant`'s Beijing date, on the years in force, and
 * the basis it was counted on (every year from the start to the last day, and any other year
 * whose data names a day in between, such as a bridge day of next year's 元旦).
 */
export function workingDayDeadline(
  years: readonly CalendarYearInForce[],
  instant: Date | number | string,
  workingDays: number,
): WorkingDayDeadline {
  const calendar = new WorkingDayCalendar(years.map((y) => y.data));
  const end = calendar.endOfWorkingDaysUtc(instant, workingDays);
  const first = shanghaiDate(instant);
  const lastDay = shanghaiDate(end);
  const touched = years.filter(
    (y) =>
      (y.year >= Number(first.slice(0, 4)) && y.year <= Number(lastDay.slice(0, 4))) ||
      y.data.holidays.some((h) => h.dates.some((d) => d > first && d <= lastDay)),
  );
  const basisYears = touched
    .map(({ year, status, version }) => ({ year, status, version }))
    .sort((a, b) => a.year - b.year);
  return {
    end,
    lastDay,
    basis: {
      status: basisYears.some((y) => y.status === 'provisional') ? 'provisional' : 'official',
      years: basisYears,
    },
  };
}

/** The sentence a notice or deadline carries about the calendar it was counted on. */
export function calendarStatement(basis: CalendarBasis): Bilingual {
  const provisional = basis.years.filter((y) => y.status === 'provisional').map((y) => y.year);
  if (provisional.length === 0) {
    const list = basis.years.map((y) => `${y.year} ${y.version}`).join(', ');
    return {
      zh: `按国务院办公厅节假日安排计算（${basis.years.map((y) => `${y.year}年${y.version}`).join('、')}）`,
      en: `Counted on the State Council's holiday calendar (${list})`,
    };
  }
  const years = provisional.join('、');
  return {
    zh: `按临时日历计算：国务院办公厅${years}年节假日安排尚未发布，暂按法定节假日及近年调休惯例推算（调休上班日按休息日计），截止日期只会晚于、不会早于正式安排`,
    en: `Counted on a provisional calendar: the State Council has not yet published the holidays of ${provisional.join(', ')}; they are estimated from the statutory holidays and recent bridge days (make-up working days counted as days off), so the end can only be later than the official calendar's, never earlier`,
  };
}

/** The basis as the API shows it: with its statement. */
export function calendarBasisView(basis: CalendarBasis) {
  return { ...basis, statement: calendarStatement(basis) };
}

/** From this many days before the last official year ends, operators are told to enter the next. */
export const CALENDAR_WARNING_DAYS = 60;

/**
 * The operators' warning: null while the next year's data is not yet due; from 60 days before
 * the last official year ends (and after), what to do.
 */
export function calendarWarning(lastOfficialYear: number | null, now: Date | number): Bilingual | null {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  if (lastOfficialYear !== null && lastOfficialYear > year) return null;
  const endMs = Date.UTC((lastOfficialYear ?? year) + 1, 0, 1) - 8 * 3600 * 1000;
  const daysLeft = Math.ceil((endMs - new Date(now).getTime()) / 86_400_000);
  if (lastOfficialYear !== null && daysLeft > CALENDAR_WARNING_DAYS) return null;
  const next = (lastOfficialYear ?? year - 1) + 1;
  return {
    zh: `${next}年节假日安排尚未录入（正式数据${lastOfficialYear === null ? '缺失' : `截至${lastOfficialYear}年12月31日`}）：在此之前跨入${next}年的期限按临时日历计算。请在国务院办公厅发布通知后由管理员录入并复核`,
    en: `The ${next} holidays are not entered (official data ${lastOfficialYear === null ? 'is missing' : `ends on ${lastOfficialYear}-12-31`}): periods reaching ${next} are counted on a provisional calendar until an administrator enters the State Council's notice and a second approves it`,
  };
}
