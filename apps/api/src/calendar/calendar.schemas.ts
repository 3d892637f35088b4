import { z } from 'zod';
import { CALENDAR_ENTRY_STATUSES, CALENDAR_STATUSES, calendarYearParamSchema } from '@kjflow/domain';

const bilingual = z.object({ zh: z.string(), en: z.string() });
const dates = z.array(z.string().describe('YYYY-MM-DD'));

export const calendarVersionParamSchema = calendarYearParamSchema.extend({
  version: z.coerce.number().int().min(1).max(10_000),
});

const sourceView = z.object({
  title: z.string(),
  number: z.string().nullable(),
  publishedOn: z.string().nullable(),
  url: z.string().nullable(),
});

/** A year as the product counts it (public). */
export const calendarYearViewSchema = z.object({
  year: z.number().int(),
  status: z
    .enum(CALENDAR_STATUSES)
    .describe('official: an approved notice; provisional: computed, never shorter'),
  statusLabel: bilingual,
  version: z.string().describe('v<n> of the approved notice, or the rules that computed the year'),
  source: sourceView,
  holidays: z.array(z.object({ name: z.string(), dates })),
  makeupWorkdays: z.array(z.object({ for: z.string(), dates })),
  daysOff: dates.describe('Every holiday date (weekends are off unless listed as make-up days)'),
  makeupDays: dates.describe('调休上班: weekend days that are working days'),
  approvedAt: z.string().nullable(),
  pendingVersion: z.number().int().nullable().describe('A version entered and awaiting approval'),
});

/** One entered version, for the administrators and the audit. */
export const calendarVersionViewSchema = z.object({
  id: z.uuid(),
  year: z.number().int(),
  version: z.number().int(),
  status: z.enum(CALENDAR_ENTRY_STATUSES),
  statusLabel: bilingual,
  inForce: z.boolean(),
  source: sourceView,
  note: z.string().nullable(),
  holidays: z.array(z.object({ name: z.string(), dates })),
  makeupWorkdays: z.array(z.object({ for: z.string(), dates })),
  enteredBy: z.uuid().nullable().describe('null for the years installed with the product'),
  enteredAt: z.string(),
  decidedBy: z.uuid().nullable(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
});
