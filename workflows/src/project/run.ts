import { patched, proxyActivities } from '@temporalio/workflow';
import { FINISHED_PROJECT_STATUSES } from '@kjflow/domain/project/project.rules';
import type { Activities } from '../activities';
import type { ProjectState } from '../definitions';
import { WRITE_ACTIVITY } from '../lib/activity-options';
import { handlerQueue } from '../lib/serial';

/**
 * Something the project must do at a time of its schedule (a report falls due, the mid-term check
 * opens): `dueAt` reads the state (so it survives continue-as-new), `run` acts and moves the state
 * on, so that `dueAt` no longer answers the same instant.
 */
export interface Duty {
  dueAt(): number | null;
  run(): Promise<void>;
}

/**
 * What each part of the project's run (reports, changes, the mid-term check, money) is given: the
 * state, the activities, the command queue and a place for its duties. Each part registers its own
 * update handlers; every command and duty runs after the previous one, on the state it finds.
 */
export interface ProjectRun {
  state: ProjectState;
  acts: Activities;
  /** A command handler: queued behind the others, domain refusals as update failures, answers the state. */
  command<A>(fn: (args: A) => Promise<void>): (args: A) => Promise<ProjectState>;
  /** Runs `fn` in the queue (a duty, the first step). */
  serial<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs a signal's work in the queue and counts it as a command (the schedule is looked at again). */
  event(fn: () => Promise<void>): Promise<void>;
  duties: Duty[];
  /** Commands handled so far (the schedule is looked at again after each). */
  commands(): number;
  /**
   * False once the project has ended (terminated, revoked, accepted, closed): its execution duties
   * (a report falling due, its reminder, overdue notice and credit record, the mid-term check
   * opening, a rectification falling overdue) stop, and pending changes are no longer decided. The
   * run goes on only to collect its recovery orders. Runs begun before
   * 'project-ended-stops-duties' keep their recorded behaviour (always true).
   */
  executing(): boolean;
}

export function projectRun(state: ProjectState): ProjectRun {
  const { serial, guarded } = handlerQueue(state);
  let handled = 0;
  // Decided once at the run's start, so a run keeps one behaviour throughout its history.
  const stopsAtEnd = patched('project-ended-stops-duties');
  return {
    state,
    acts: proxyActivities<Activities>(WRITE_ACTIVITY),
    command: <A>(fn: (args: A) => Promise<void>) =>
      guarded<A>(async (args) => {
        try {
          await fn(args);
        } finally {
          handled++;
        }
      }),
    serial,
    event: (fn) =>
      serial(fn)
        .catch(() => undefined) // a signal has no caller to answer
        .finally(() => {
          handled++;
        }),
    duties: [],
    commands: () => handled,
    executing: () => !stopsAtEnd || !finished(state),
  };
}

/** True once nothing more is reported, changed or paid (terminated, revoked, accepted, closed). */
export function finished(state: ProjectState): boolean {
  return state.status !== undefined && FINISHED_PROJECT_STATUSES.includes(state.status);
}

/**
 * True once the run has nothing left to do: the project finished and every recovery order (追回)
 * of a termination or revocation repaid (the officer records repayments through the run).
 */
export function settled(state: ProjectState): boolean {
  return finished(state) && !(state.recoveries ?? []).some((o) => o.status !== 'paid');
}
