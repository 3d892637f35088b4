import { allHandlersFinished, condition } from '@temporalio/workflow';

/**
 * An entity workflow that lives only while commands come: `counted` wraps each update handler,
 * `untilIdle` returns once no command has arrived for `ms` and every handler has finished. The
 * next command reopens the entity by update-with-start on the same id (`USE_EXISTING`), so the
 * entity's history stays short and nothing waits open for months.
 */
export function idleTracker() {
  let commands = 0;
  return {
    counted<A, R>(handler: (a: A) => R): (a: A) => R {
      return (a: A) => {
        commands += 1;
        return handler(a);
      };
    },
    async untilIdle(ms: number): Promise<void> {
      let seen = -1;
      while (seen !== commands) {
        seen = commands;
        await condition(() => commands !== seen, ms);
      }
      await condition(allHandlersFinished);
    },
  };
}
