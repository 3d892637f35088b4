/** The demo's requests to the API (demo-scenario.ts, demo-work.ts): as a client would send them. */

/** A request: a JSON body, or a Buffer sent as the raw body (an attachment's upload). */
export type Call = <T = any>(token: string | null, method: string, url: string, body?: unknown) => Promise<T>;

/** Requests to one API; a failure names the request, and a network failure its cause. */
export function client(api: string): Call {
  return async (token, method, url, body) => {
    const raw = Buffer.isBuffer(body);
    let res: Response;
    try {
      res = await fetch(api + url, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': raw ? 'application/octet-stream' : 'application/json' } : {}),
        },
        body: raw ? new Uint8Array(body) : body ? JSON.stringify(body) : undefined,
      });
    } catch (err) {
      // undici says only "fetch failed"; what failed (ECONNREFUSED…) is in its cause.
      const { cause: c } = err as { cause?: { message?: string; code?: string } };
      const cause = c?.message || c?.code;
      throw new Error(`${method} ${api}${url}: ${(err as Error).message}${cause ? ` (${cause})` : ''}`, {
        cause: err,
      });
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${api}${url} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/**
 * Asks `fn` every 250 ms until `ok` holds of its answer; a refusal meanwhile counts as not yet
 * (a workflow may still be starting). After `timeoutMs`, fails naming `what` and the last answer.
 */
export async function until<T>(
  what: string,
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last: unknown;
    try {
      const v = await fn();
      if (ok(v)) return v;
      last = v;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not done within ${timeoutMs / 1000} s; last answer: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
