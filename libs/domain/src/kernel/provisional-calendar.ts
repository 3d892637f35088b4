import { Lunar } from 'lunar-javascript';
import lunarPackage from 'lunar-javascript/package.json';
import { HolidayYear, holidayYearSchema } from './calendar';
import { DomainError } from './messages';
import { parseOrThrow } from './validation';

/**
 * A provisional working-day calendar for a year whose State Council notice (国务院办公厅关于部分节假日
 * 安排的通知) is not out yet, so that a period counted in working days can still be computed. It is
 * built to be never shorter than the official one: its working days are a subset of the working
 * days the notice will give, so a period counted on it ends on the same day or later, never too
 * early for the law.
 *
 * Days off: weekends, the statutory holidays of the 全国年节及纪念日放假办法 as amended in 2024 (in
 * force from 2025: 元旦 1 day, 春节 4 from 除夕, 清明节 1, 劳动节 2, 端午节 1, 中秋节 1, 国庆节 3),
 * and the days around them that the notices of recent years gave off (调休). Make-up working days
 * (调休上班) cannot be known in advance; a provisional year has none, its weekends stay off.
 *
 * The bridge rules, read off the notices of 2020–2026 (the bundled data) by the weekday of the
 * holiday's anchor date, and checked on the held-out notices of 2014–2019 (lunar-javascript's own
 * transcription; all fit but the one-off 抗战胜利70周年纪念日 of 2015; before 2014 the notices bridged
 * more, which the State Council has not done since):
 * - a one-day holiday (元旦, 清明节, 端午节, 中秋节) joins the weekend: on a Tuesday the Monday is
 *   off too, on a Thursday the Friday, on a Saturday or Sunday the Monday (in lieu); on a Wednesday
 *   it stands alone (2014, 2020 and 2025 元旦, 2023 清明);
 * - 春节: 除夕 to 初七, eight days (the 2025 and 2026 notices; the old 除夕–初六 and the 2024 初一–初八
 *   windows lie inside it with their weekends, and so does the 2020 extension to 初七), and 初八
 *   too when it is a Friday (a margin: no notice under the 2024 amendment has met a Thursday 初七 yet);
 * - 劳动节: five days, from 1 May, or from the Saturday before when 1 May is a Sunday, Monday or
 *   Tuesday (every notice since 2020);
 * - 国庆节: 1–7 October; merged with a 中秋节 that falls in or next to it, eight days, from the
 *   earlier of 中秋 and 1 October to 8 October at least (2017, 2020, 2023, 2025; 2012);
 * and every window grows over the weekend next to it (off anyway), as the notices list them.
 *
 * Lunar dates and solar terms come from `lunar-javascript` (a maintained library), not from
 * astronomy of our own. Pure and deterministic, but not re-exported from the library's index:
 * workflow code must not bundle the lunar library, and gets its calendar data from outside.
 */

/** The rules' version and the library's, so that a computed calendar can say what it was made with. */
export const PROVISIONAL_RULES_VERSION = `provisional-v1+lunar-javascript@${lunarPackage.version}`;

/** How a provisional year's `source` begins (an official file names the State Council's notice). */
export const PROVISIONAL_SOURCE_PREFIX = '临时日历';

const PROVISIONAL_SOURCE =
  `${PROVISIONAL_SOURCE_PREFIX}（按《全国年节及纪念日放假办法》（2024年修订）及近年调休惯例推算，调休上班日按休息日计；` +
  `${PROVISIONAL_RULES_VERSION}）Provisional calendar: the statutory holidays of the 2024 amendment and the ` +
  'bridge days of recent notices; make-up working days are counted as days off';

/** The years a provisional calendar is computed for (the lunar library's tables reach further). */
const FIRST_YEAR = 1991;
const LAST_YEAR = 2199;

const MS_PER_DAY = 24 * 60 * 60 * 1000;
const SUNDAY = 0;
const MONDAY = 1;
const TUESDAY = 2;
const THURSDAY = 4;
const SATURDAY = 6;

/** Days since 1970-01-01 of a civil date. */
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function civilDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekend(day: number): boolean {
  return weekday(day) === SATURDAY || weekday(day) === SUNDAY;
}

/** A run of days off, first and last included. */
interface Window {
  names: string[];
  first: number;
  last: number;
}

/** The window grown over the Saturday and Sunday on either side of it (off anyway). */
function withWeekends(names: string[], first: number, last: number): Window {
  while (isWeekend(first - 1)) first -= 1;
  while (isWeekend(last + 1)) last += 1;
  return { names, first, last };
}

/** A one-day holiday and its usual bridge or day in lieu, by its weekday. */
function oneDayHoliday(name: string, day: number): Window {
  switch (weekday(day)) {
    case TUESDAY:
      return withWeekends([name], day - 1, day); // the Monday bridged
    case THURSDAY:
      return withWeekends([name], day, day + 1); // the Friday bridged
    case SATURDAY:
      return withWeekends([name], day, day + 2); // the Monday in lieu
    case SUNDAY:
      return withWeekends([name], day, day + 1); // the Monday in lieu
    default:
      return withWeekends([name], day, day); // Monday and Friday join the weekend; Wednesday alone
  }
}

/** The day number of a lunar date of the given lunar year (months ≥ 1, never a leap month). */
function lunarDay(year: number, month: number, day: number): number {
  const solar = Lunar.fromYmd(year, month, day).getSolar();
  return dayNumber(solar.getYear(), solar.getMonth(), solar.getDay());
}

/** 清明: the day of the solar term in April of `year` (Beijing time). */
function qingmingDay(year: number): number {
  const solar = Lunar.fromYmd(year, 3, 1).getJieQiTable()['清明'];
  if (!solar || solar.getYear() !== year || solar.getMonth() !== 4)
    throw new Error(`lunar-javascript gave no 清明 in April ${year}`);
  return dayNumber(solar.getYear(), solar.getMonth(), solar.getDay());
}

function springFestival(year: number): Window {
  const eve = lunarDay(year, 1, 1) - 1; // 除夕, the last day of the twelfth month
  let last = eve + 7; // 初七
  if (weekday(last) === THURSDAY) last += 1; // a lone Friday (初八) before the weekend
  return withWeekends(['春节'], eve, last);
}

function labourDay(year: number): Window {
  const may1 = dayNumber(year, 5, 1);
  const w = weekday(may1);
  const first = w === SUNDAY || w === MONDAY || w === TUESDAY ? may1 - ((w + 1) % 7) : may1;
  return withWeekends(['劳动节'], first, first + 4);
}

/** 国庆节, alone or merged with 中秋节 when that falls in it or next to it. */
function autumnHolidays(year: number): Window[] {
  const oct1 = dayNumber(year, 10, 1);
  const national = withWeekends(['国庆节'], oct1, oct1 + 6);
  const midAutumnDay = lunarDay(year, 8, 15);
  const midAutumn = oneDayHoliday('中秋节', midAutumnDay);
  if (midAutumn.last + 1 < national.first || midAutumn.first > national.last + 1)
    return [midAutumn, national];
  // Eight days from the earlier of the two; the official files name the one that comes first.
  const names = midAutumnDay < oct1 ? ['中秋节', '国庆节'] : ['国庆节', '中秋节'];
  const first = Math.min(midAutumn.first, oct1);
  return [withWeekends(names, first, Math.max(midAutumn.last, oct1 + 7))];
}

/** Overlapping windows become one, named after both (no date may be listed twice). */
function merged(windows: Window[]): Window[] {
  const out: Window[] = [];
  for (const w of [...windows].sort((a, b) => a.first - b.first)) {
    const prev = out[out.length - 1];
    if (prev && w.first <= prev.last)
      out[out.length - 1] = {
        names: [...prev.names, ...w.names],
        first: prev.first,
        last: Math.max(prev.last, w.last),
      };
    else out.push(w);
  }
  return out;
}

function datesOf(w: Window): string[] {
  const dates: string[] = [];
  for (let day = w.first; day <= w.last; day++) dates.push(civilDate(day));
  return dates;
}

/**
 * The provisional calendar of `year`, in the shape of a data file (it passes `holidayYearSchema`):
 * its 元旦 may start in the December before, and it has no make-up working days.
 */
export function provisionalHolidayYear(year: number): HolidayYear {
  if (!Number.isSafeInteger(year) || year < FIRST_YEAR || year > LAST_YEAR)
    throw new DomainError('validation_failed', {
      zh: `临时日历的年份须为${FIRST_YEAR}至${LAST_YEAR}年的整数：${year}`,
      en: `A provisional calendar's year must be an integer from ${FIRST_YEAR} to ${LAST_YEAR}: ${year}`,
    });
  const windows = merged([
    oneDayHoliday('元旦', dayNumber(year, 1, 1)),
    springFestival(year),
    oneDayHoliday('清明节', qingmingDay(year)),
    labourDay(year),
    oneDayHoliday('端午节', lunarDay(year, 5, 5)),
    ...autumnHolidays(year),
  ]);
  const file = {
    year,
    source: PROVISIONAL_SOURCE,
    holidays: windows.map((w) => ({ name: w.names.join('、'), dates: datesOf(w) })),
    makeupWorkdays: [],
  };
  return parseOrThrow(holidayYearSchema, file, '临时日历');
}

/** True for a year computed by `provisionalHolidayYear` rather than transcribed from a notice. */
export function isProvisionalHolidayYear(file: HolidayYear): boolean {
  return file.source.startsWith(PROVISIONAL_SOURCE_PREFIX);
}

/** Consecutive runs of ascending dates. */
function runsOf(dates: string[]): string[][] {
  const runs: string[][] = [];
  let previous = NaN;
  for (const date of dates) {
    const day = Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
    if (day === previous + 1) runs[runs.length - 1].push(date);
    else runs.push([date]);
    previous = day;
  }
  return runs;
}

/**
 * The official files plus a provisional year for each of `years` that has none, for
 * `new WorkingDayCalendar(...)`. An official file stays authoritative for every date it lists
 * (off or make-up working day): a provisional year drops those dates. A date that no official file
 * lists but a provisional year gives off (the 31 December before a Tuesday 元旦, which only the next
 * year's notice will arrange) is off: the official year's own notice never decides it, so keeping it
 * off keeps the provisional working days a subset of the official ones.
 */
export function withProvisionalYears(
  official: readonly HolidayYear[],
  years: Iterable<number>,
): HolidayYear[] {
  const covered = new Set(official.map((f) => f.year));
  const listed = new Set<string>();
  for (const f of official) {
    for (const h of f.holidays) for (const d of h.dates) listed.add(d);
    for (const m of f.makeupWorkdays) for (const d of m.dates) listed.add(d);
  }
  const added: HolidayYear[] = [];
  for (const year of [...new Set(years)].sort((a, b) => a - b)) {
    if (covered.has(year)) continue;
    const file = provisionalHolidayYear(year);
    const holidays = file.holidays.flatMap((h) =>
      runsOf(h.dates.filter((d) => !listed.has(d))).map((dates, i) => ({
        name: i === 0 ? h.name : `${h.name}（${i + 1}）`,
        dates,
      })),
    );
    for (const h of holidays) for (const d of h.dates) listed.add(d);
    added.push({ ...file, holidays });
  }
  return [...official, ...added].sort((a, b) => a.year - b.year);
}
