import { loadCalendar } from './lazy.rules';

type CalendarModule = typeof import('./calendar');

/**
 * `workingDayCalendar` of calendar.ts for workflow code: the holiday data (and the schema that
 * checks it) is loaded by the first call, in the workflows that count working days.
 */
export function workingDayCalendar(
  ...args: Parameters<CalendarModule['workingDayCalendar']>
): ReturnType<CalendarModule['workingDayCalendar']> {
  return loadCalendar().workingDayCalendar(...args);
}
