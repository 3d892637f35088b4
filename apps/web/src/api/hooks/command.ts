import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useRef } from 'react';
import { commandSender, type CommandInit } from '../../lib/command-intent';
import { ApiError } from '../client';

export type { CommandInit };

/** An answer the API keeps for the key (a success or a refusal): the intent is over. */
const answered = (err: unknown) => err instanceof ApiError && err.status >= 400 && err.status < 500;

/** The retry of an unanswered attempt that took effect after all: done, though not a success body. */
const alreadyApplied = (err: unknown) => err instanceof ApiError && err.code === 'already_applied';

/**
 * A command sent with an Idempotency-Key, one per user intent (see commandSender): a retry after
 * no answer repeats the key, a double click waits for the first attempt. On success (or
 * `already_applied`, whose message says it is done) the queries under each key of `refresh` are
 * read again.
 */
export function useCommand<V, R>(fn: (v: V, init: CommandInit) => Promise<R>, refresh: QueryKey[]) {
  const qc = useQueryClient();
  const send = useRef<ReturnType<typeof commandSender> | null>(null);
  send.current ??= commandSender(answered);
  return useMutation({
    mutationFn: (v: V) => send.current!(v, fn),
    onSettled: (_data, err) => {
      if (err && !alreadyApplied(err)) return;
      for (const queryKey of refresh) void qc.invalidateQueries({ queryKey });
    },
  });
}
