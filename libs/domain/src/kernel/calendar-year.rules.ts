import type { HolidayYear } from './calendar';
import { Bilingual, DomainError } from './errors.rules';
import { Role } from './roles.rules';

/**
 * The calendar year's statuses and the rules its workflow applies (calendar-year.ts has the
 * schemas and the counting), zod-free, as the calendar-year workflow runs them.
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
