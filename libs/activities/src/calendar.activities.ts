import { DataSource } from 'typeorm';
import { workflowIds, workingDayDeadline } from '@kjflow/domain';
import { appendWithChange, CalendarRepository } from '@kjflow/persistence';
import type {
  CalendarDecisionRecord,
  CalendarEntryRecord,
  WorkingDayDeadlineResult,
} from '@kjflow/workflows';

export function calendarActivities(ds: DataSource) {
  const event = (
    rec: { year: number; actorId: string; at: number },
    type: string,
    step: string,
    payload: object,
  ) => ({
    type,
    subjectType: 'calendar_year' as const,
    subjectId: String(rec.year),
    actorId: rec.actorId,
    payload: payload as Record<string, unknown>,
    workflowId: workflowIds.calendarYear(rec.year),
    step,
    occurredAt: new Date(rec.at),
  });

  return {
    async workingDayDeadline(input: {
      from: number;
      workingDays: number;
    }): Promise<WorkingDayDeadlineResult> {
      const years = await new CalendarRepository(ds).inForceFrom(input.from);
      const d = workingDayDeadline(years, input.from, input.workingDays);
      return { end: d.end.toISOString(), lastDay: d.lastDay, calendar: d.basis };
    },

    async enterCalendarYear(rec: CalendarEntryRecord): Promise<void> {
      const { entry } = rec;
      await appendWithChange(
        ds,
        event(rec, 'calendar_year.entered', `entered:v${rec.version}`, {
          version: rec.version,
          status: 'pending',
          source: entry.source,
          note: entry.note ?? null,
          holidays: entry.holidays,
          makeupWorkdays: entry.makeupWorkdays,
        }),
        (tx) =>
          new CalendarRepository(tx).insert({
            id: rec.id,
            year: rec.year,
            version: rec.version,
            status: 'pending',
            holidays: entry.holidays,
            makeupWorkdays: entry.makeupWorkdays,
            sourceTitle: entry.source.title,
            sourceNumber: entry.source.number,
            sourcePublishedOn: entry.source.publishedOn,
            sourceUrl: entry.source.url,
            note: entry.note ?? null,
            enteredBy: rec.actorId,
            enteredAt: new Date(rec.at),
          }),
      );
    },

    async decideCalendarYear(rec: CalendarDecisionRecord): Promise<void> {
      const status = rec.decision === 'approve' ? 'approved' : 'rejected';
      await appendWithChange(
        ds,
        event(rec, `calendar_year.${status}`, `decided:v${rec.version}`, {
          version: rec.version,
          status,
          comment: rec.comment,
        }),
        (tx) =>
          new CalendarRepository(tx).decide(rec.id, {
            status,
            decidedBy: rec.actorId,
            decidedAt: new Date(rec.at),
            comment: rec.comment,
          }),
      );
    },
  };
}
