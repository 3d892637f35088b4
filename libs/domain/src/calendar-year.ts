import { z } from 'zod';
import { holidayYearSchema, HolidayYear, shanghaiDate, WorkingDayCalendar } from './calendar';
import { Bilingual, DomainError } from './messages';
import { Role } from './roles';
import { bilingual, parseOrThrow } from './validation';

/**
 * The calendar as data: each year's State Council notice is entered by an administrator and
 * approved by a second one (four eyes); the approved version with the highest number is in force.
 * A year with no approved version is computed (provisional, see provisional-calendar.ts), so a
 * period can always be counted, and says so.
 */

export const CALENDAR_STATUSES = ['official', 'provisional'] as const;
export type CalendarStatus = (typeof CALENDAR_STATUSES)[number];

export const CALENDAR_ENTRY_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type CalendarEntryStatus = (typeof CALENDAR_ENTRY_STATUSES)[number];

export const CALENDAR_ENTRY_STATUS_LABELS: Record<CalendarEntryStatus, Bilingual> = {
  pending: { zh: '待复核', en: 'Awaiting approval' },
  approved: { zh: '已生效', en: 'Approved' },
  rejected: { zh: '已退回', en: 'Rejected' },
};

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

// ---- rules (also applied by the year's workflow) ------------------------------------------------

/** Only administrators keep the calendar. */
export function assertMayEnterCalendar(actor: { roles: readonly Role[] }): void {
  if (!actor.roles.includes('admin'))
    throw new DomainError('forbidden', {
      zh: '只有系统管理员可以录入节假日安排',
      en: 'Only an administrator can enter the holiday calendar',
    });
}

/** One entry at a time per year: a second would race the first to approval. */
export function assertNoPendingEntry(year: number, pendingVersion: number | null): void {
  if (pendingVersion !== null)
    throw new DomainError('invalid_state', {
      zh: `${year}年的第${pendingVersion}版节假日安排正在等待复核，请先复核或退回`,
      en: `Version ${pendingVersion} of ${year} is awaiting approval; approve or reject it first`,
    });
}

/** Four eyes: another administrator approves or rejects the pending version. */
export function assertMayDecideCalendar(
  actor: { id: string; roles: readonly Role[] },
  year: number,
  version: number,
  pending: { version: number; enteredBy: string } | null,
): void {
  assertMayEnterCalendar(actor);
  if (!pending || pending.version !== version)
    throw new DomainError('invalid_state', {
      zh: `${year}年第${version}版不在待复核状态`,
      en: `Version ${version} of ${year} is not awaiting approval`,
    });
  if (pending.enteredBy === actor.id)
    throw new DomainError('forbidden', {
      zh: '录入人不能复核自己录入的节假日安排',
      en: 'The administrator who entered the calendar cannot approve it',
    });
}

// ---- the calendar in force and what a period was counted on -------------------------------------

/** A year as the product counts it: approved data (official) or computed (provisional). */
export interface CalendarYearInForce {
  year: number;
  status: CalendarStatus;
  /** `v2` for the second approved version; the rules' version for a computed year. */
  version: string;
  data: HolidayYear;
}

/** What a period was counted on: provisional as soon as one year it touches is. */
export interface CalendarBasis {
  status: CalendarStatus;
  years: Array<{ year: number; status: CalendarStatus; version: string }>;
}

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
      (String(y.year) >= first.slice(0, 4) && String(y.year) <= lastDay.slice(0, 4)) ||
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
