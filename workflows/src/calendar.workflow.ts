import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  assertMayDecideCalendar,
  assertMayEnterCalendar,
  assertNoPendingEntry,
} from '@kjflow/domain/kernel/calendar-year.rules';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import {
  CalendarYearState,
  calendarYearStateQuery,
  DecideCalendarYearArgs,
  decideCalendarYearUpdate,
  EnterCalendarYearArgs,
  enterCalendarYearUpdate,
} from './definitions';
import { check } from './lib/failures';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

/**
 * One workflow per year of the working-day calendar (`calendar-year-<year>`): an administrator
 * enters the year's holidays (a new version, pending), a second administrator approves it (in
 * force from then on) or rejects it. Versions are numbered here, one pending at a time, so two
 * entries never race.
 */
export async function calendarYearWorkflow(input: CalendarYearState): Promise<CalendarYearState> {
  const state: CalendarYearState = { ...input };
  const { guarded } = handlerQueue(state);
  setHandler(calendarYearStateQuery, () => state);

  const validateEntry = (a: EnterCalendarYearArgs) =>
    check(() => {
      assertMayEnterCalendar({ roles: a.actorRoles });
      // A retried request (same id) answers with the state it already produced.
      if (state.pending?.id !== a.id) assertNoPendingEntry(state.year, state.pending?.version ?? null);
    });
  setHandler(
    enterCalendarYearUpdate,
    guarded<EnterCalendarYearArgs>(async (a) => {
      validateEntry(a);
      if (state.pending?.id === a.id) return;
      const version = state.lastVersion + 1;
      await acts.enterCalendarYear({
        id: a.id,
        year: state.year,
        version,
        entry: a.entry,
        actorId: a.actorId,
        at: Date.now(),
      });
      state.lastVersion = version;
      state.pending = { id: a.id, version, enteredBy: a.actorId };
    }),
    { validator: validateEntry },
  );

  const validateDecision = (a: DecideCalendarYearArgs) =>
    check(() =>
      assertMayDecideCalendar({ id: a.actorId, roles: a.actorRoles }, state.year, a.version, state.pending),
    );
  setHandler(
    decideCalendarYearUpdate,
    guarded<DecideCalendarYearArgs>(async (a) => {
      validateDecision(a);
      await acts.decideCalendarYear({
        id: state.pending!.id,
        year: state.year,
        version: a.version,
        decision: a.decision,
        comment: a.comment ?? null,
        actorId: a.actorId,
        at: Date.now(),
      });
      state.pending = null;
    }),
    { validator: validateDecision },
  );

  // One entry per run: it ends once the entry is decided. The next entry starts a new run from
  // the read model's numbering, so the history of a year never grows.
  await condition(() => state.lastVersion > input.lastVersion && state.pending === null);
  await condition(allHandlersFinished);
  return state;
}
