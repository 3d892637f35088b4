import type { HolidayYear } from './calendar';
import type { CalendarYearInForce } from './calendar-year';
import { PROVISIONAL_RULES_VERSION, withProvisionalYears } from './provisional-calendar';

/** An approved version of a year as stored. */
export interface ApprovedCalendarYear {
  year: number;
  version: number;
  holidays: HolidayYear['holidays'];
  makeupWorkdays: HolidayYear['makeupWorkdays'];
  source: string;
}

/**
 * The calendar the product counts on for `years`: each year's approved data where there is
 * one (official), else computed (provisional), never a refusal. Not for workflow code (it
 * bundles the lunar library): workflows get the result through an activity.
 */
export function calendarYearsInForce(
  years: readonly number[],
  approved: readonly ApprovedCalendarYear[],
): CalendarYearInForce[] {
  const wanted = [...new Set(years)];
  const official = new Map(approved.filter((a) => wanted.includes(a.year)).map((a) => [a.year, a] as const));
  const files = withProvisionalYears(
    [...official.values()].map(({ year, source, holidays, makeupWorkdays }) => ({
      year,
      source,
      holidays,
      makeupWorkdays,
    })),
    wanted,
  );
  return files.map((data) => {
    const a = official.get(data.year);
    return a
      ? { year: data.year, status: 'official' as const, version: `v${a.version}`, data }
      : { year: data.year, status: 'provisional' as const, version: PROVISIONAL_RULES_VERSION, data };
  });
}
