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

/**
 * One user intent after another, each with its Idempotency-Key: the same variables sent again
 * after an attempt that got no answer (the network dropped, the server failed) carry the same key,
 * so the API runs the command at most once and hands back its first answer; sent again while the
 * first attempt is still out (a double click), they wait for that attempt's answer instead of
 * sending a second request (which the API would refuse with 409 while the first runs). An answer
 * (a success, or an error `answered` says the API kept for the key) ends the intent, and the next
 * send takes a new key.
 */
export function commandSender(answered: (err: unknown) => boolean) {
  let intent: { body: string; key: string; pending: Promise<unknown> | null } | null = null;
  return function send<V, R>(v: V, fn: (v: V, init: CommandInit) => Promise<R>): Promise<R> {
    const body = JSON.stringify(v ?? null);
    if (intent?.body === body && intent.pending) return intent.pending as Promise<R>;
    if (intent?.body !== body) intent = { body, key: newIdempotencyKey(), pending: null };
    const mine = intent;
    const pending = fn(v, { headers: { 'Idempotency-Key': mine.key } }).then(
      (r) => {
        if (intent === mine) intent = null;
        return r;
      },
      (err: unknown) => {
        mine.pending = null;
        if (intent === mine && answered(err)) intent = null;
        throw err;
      },
    );
    mine.pending = pending;
    return pending;
  };
}
