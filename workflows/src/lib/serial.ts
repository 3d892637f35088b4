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
