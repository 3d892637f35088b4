import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CalendarEntry, workflowIds } from '@kjflow/domain';
import type { CalendarDecisionRecord, CalendarEntryRecord } from './activities';
import { calendarYearWorkflow } from './calendar.workflow';
import { calendarYearStateQuery, decideCalendarYearUpdate, enterCalendarYearUpdate } from './definitions';
import { createTestEnv, recordingActivities, startWorker } from './testing/env';
import { refusal } from './testing/refusal';

const ENTRY: CalendarEntry = {
  holidays: [{ name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03'] }],
  makeupWorkdays: [],
  source: { title: '国务院办公厅关于2027年部分节假日安排的通知', number: null, publishedOn: null, url: null },
};
const ADMIN = { actorId: randomUUID(), actorRoles: ['admin' as const] };
const ADMIN2 = { actorId: randomUUID(), actorRoles: ['admin' as const] };

describe('calendarYearWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('numbers the entry after the last version, refuses a second entry and self-approval, and ends once decided', async () => {
    const { activities, calls } = recordingActivities();
    const taskQueue = `test-${randomUUID()}`;
    const worker = await startWorker(env, taskQueue, activities);
    const id = randomUUID();
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(calendarYearWorkflow, {
        workflowId: `${workflowIds.calendarYear(2027)}-${randomUUID()}`,
        taskQueue,
        args: [{ year: 2027, lastVersion: 2, pending: null }],
      });
      // Not an administrator: refused before anything is written.
      expect(
        await refusal(
          handle.executeUpdate(enterCalendarYearUpdate, {
            args: [{ id: randomUUID(), actorId: ADMIN.actorId, actorRoles: ['officer'], entry: ENTRY }],
          }),
        ),
      ).toBe('forbidden');
      const entered = await handle.executeUpdate(enterCalendarYearUpdate, {
        args: [{ id, ...ADMIN, entry: ENTRY }],
      });
      expect(entered).toEqual({
        year: 2027,
        lastVersion: 3,
        pending: { id, version: 3, enteredBy: ADMIN.actorId },
      });
      // The same request again (same id) answers the same state and writes nothing more.
      expect(
        await handle.executeUpdate(enterCalendarYearUpdate, { args: [{ id, ...ADMIN, entry: ENTRY }] }),
      ).toEqual(entered);
      expect(
        await refusal(
          handle.executeUpdate(enterCalendarYearUpdate, {
            args: [{ id: randomUUID(), ...ADMIN2, entry: ENTRY }],
          }),
        ),
      ).toBe('invalid_state');
      const decide = (who: typeof ADMIN, version: number) =>
        handle.executeUpdate(decideCalendarYearUpdate, { args: [{ ...who, version, decision: 'approve' }] });
      expect(await refusal(decide(ADMIN, 3))).toBe('forbidden');
      expect(await refusal(decide(ADMIN2, 2))).toBe('invalid_state');
      expect((await handle.query(calendarYearStateQuery)).pending?.version).toBe(3);
      await decide(ADMIN2, 3);
      return handle.result();
    });
    expect(result).toEqual({ year: 2027, lastVersion: 3, pending: null });
    expect(calls.map((c) => c.name)).toEqual(['enterCalendarYear', 'decideCalendarYear']);
    expect(calls[0].args[0]).toMatchObject({
      id,
      year: 2027,
      version: 3,
      entry: ENTRY,
      actorId: ADMIN.actorId,
    } satisfies Partial<CalendarEntryRecord>);
    expect(calls[1].args[0]).toMatchObject({
      id,
      year: 2027,
      version: 3,
      decision: 'approve',
      comment: null,
      actorId: ADMIN2.actorId,
    } satisfies Partial<CalendarDecisionRecord>);
  });
});
