import { toFailure } from './failures';

/**
 * Update handlers that call activities must not interleave: each one runs after the previous
 * has finished. A promise chain is enough (and deterministic) inside one workflow.
 */
export function serializer() {
  let tail: Promise<unknown> = Promise.resolve();
  return function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * What an update answers of a state that holds a document (an application's, a demand's, a
 * guide's content): the rest. Temporal records every answer in the workflow's history, and a
 * document runs to tens of kilobytes: answered with it, every save and decision wrote it there
 * once more, for callers that read the document from PostgreSQL.
 */
export function withoutContent<T extends { content: unknown }>(state: T): Omit<T, 'content'> {
  const { content: _content, ...rest } = state;
  return rest;
}

/**
 * Handlers for one workflow's state: each runs after the previous ones (so it re-checks the state
 * it finds), domain refusals become update failures, and the handler answers with the state, or
 * with what `answer` makes of it (Temporal records every answer in the workflow's history).
 */
export function handlerQueue<T, R = T>(state: T, answer: (state: T) => R = (s) => s as unknown as R) {
  const serial = serializer();
  function guarded<A>(fn: (args: A) => Promise<void>) {
    return (args: A) =>
      serial(async () => {
        try {
          await fn(args);
        } catch (err) {
          throw toFailure(err);
        }
        return answer(state);
      });
  }
  return { serial, guarded };
}
