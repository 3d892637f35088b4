import { CancellationScope, condition, sleep } from '@temporalio/workflow';

/** Resolves true once `ready()` holds, or false once the time `at` (ms since the epoch) has come. */
export type WaitUntil = (ready: () => boolean, at: number) => Promise<boolean>;

/**
 * One timer per wait: `condition` with a timeout starts a timer, and cancels it when met first.
 * As runs recorded before the shared clock wait (their histories hold those timers).
 */
export const timerPerWait: WaitUntil = (ready, at) => condition(ready, Math.max(0, at - Date.now()));

/**
 * Many waits on one timer, set for the earliest time among them. A wait met before its time
 * leaves the timer as it is (if it rings with nothing due, it is set for the next time); only an
 * earlier time moves it. An application's review, whose k invitations each wait on a deadline,
 * then records one timer rather than a timer started and another cancelled at every answer of
 * every expert (issue 17: 20 fewer of a five-expert review's ~80 events, a fifth of the timers a
 * round keeps pending on the server; the round's time did not change measurably).
 */
export function deadlineClock(): WaitUntil {
  interface Wait {
    ready: () => boolean;
    at: number;
    settle: (met: boolean) => void;
    fail: (err: unknown) => void;
  }
  const waits = new Set<Wait>();
  let timer: CancellationScope | undefined;
  let timerAt = Infinity;
  let rang = false;
  let watching = false;

  const clear = () => {
    timer = undefined;
    timerAt = Infinity;
  };
  const set = (at: number) => {
    timer?.cancel();
    const scope = new CancellationScope();
    timer = scope;
    timerAt = at;
    scope
      .run(() => sleep(Math.max(0, at - Date.now())))
      .then(
        () => {
          if (timer !== scope) return;
          clear();
          rang = true;
        },
        () => undefined, // moved to an earlier time, or the workflow cancelled (the watch fails the waits)
      );
  };

  const watch = async () => {
    watching = true;
    try {
      while (waits.size > 0) {
        await condition(() => rang || [...waits].some((w) => w.ready()));
        rang = false;
        const now = Date.now();
        for (const w of [...waits]) {
          if (w.ready()) w.settle(true);
          else if (w.at <= now) w.settle(false);
          else continue;
          waits.delete(w);
        }
        const next = Math.min(...[...waits].map((w) => w.at));
        if (next < timerAt) set(next);
      }
      // Nothing waits: the timer goes, as a met condition's does (a workflow that ends with it set
      // would have its last task refused if it rang meanwhile, and an expert's score with it).
      timer?.cancel();
      clear();
    } catch (err) {
      for (const w of waits) w.fail(err);
      waits.clear();
    } finally {
      watching = false;
    }
  };

  return (ready, at) =>
    new Promise<boolean>((settle, fail) => {
      waits.add({ ready, at, settle, fail });
      if (at < timerAt) set(at);
      if (!watching) void watch();
    });
}
