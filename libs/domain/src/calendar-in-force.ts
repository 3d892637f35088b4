import type { HolidayYear } from './calendar';
import type { CalendarYearInForce } from './calendar-year';
import { PROVISIONAL_RULES_VERSION, provisionalHolidayYear } from './provisional-calendar';

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
 * one (official), else computed (provisional), never a refusal.
 */
export function calendarYearsInForce(
  years: readonly number[],
  approved: readonly ApprovedCalendarYear[],
): CalendarYearInForce[] {
  return [...new Set(years)]
    .sort((a, b) => a - b)
    .map((year) => {
      const a = approved.find((x) => x.year === year);
      if (a)
        return {
          year,
          status: 'official' as const,
          version: `v${a.version}`,
          data: { year, source: a.source, holidays: a.holidays, makeupWorkdays: a.makeupWorkdays },
        };
      return {
        year,
        status: 'provisional' as const,
        version: PROVISIONAL_RULES_VERSION,
        data: provisionalHolidayYear(year),
      };
    });
}
