import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useRef } from 'react';
import { ApiError } from '../client';

/** What a command's request carries beside its body: its Idempotency-Key. */
export interface CommandInit {
  headers: { 'Idempotency-Key': string };
}

/** A random UUID (v4); where the browser has no randomUUID (plain http off localhost), from its random bytes. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An answer the API keeps for the key (a success or a refusal): the intent is over. */
const answered = (err: unknown) => err instanceof ApiError && err.status >= 400 && err.status < 500;

/**
 * A command sent with an Idempotency-Key, one per intent: the same variables sent again after an
 * attempt that got no answer (the network dropped, the server failed) carry the same key, so the
 * API runs the command at most once and hands back its first answer; an answer (success or
 * refusal) ends the intent, and the next send takes a new key. On success the queries under each
 * key of `refresh` are read again.
 */
export function useCommand<V, R>(fn: (v: V, init: CommandInit) => Promise<R>, refresh: QueryKey[]) {
  const qc = useQueryClient();
  const intent = useRef<{ body: string; key: string } | null>(null);
  return useMutation({
    mutationFn: (v: V) => {
      const body = JSON.stringify(v ?? null);
      if (intent.current?.body !== body) intent.current = { body, key: newIdempotencyKey() };
      return fn(v, { headers: { 'Idempotency-Key': intent.current.key } });
    },
    onSuccess: () => {
      intent.current = null;
      for (const queryKey of refresh) void qc.invalidateQueries({ queryKey });
    },
    onError: (err) => {
      if (answered(err)) intent.current = null;
    },
  });
}
