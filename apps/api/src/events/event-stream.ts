import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Actor, canReadEvent } from '@kjflow/domain';
import { EventFeed } from './event-feed';
import { viewOf } from './events.service';

const BATCH = 500;

/**
 * Writes one caller's server-sent events on the hijacked response: the events after `cursor`
 * that the caller may see (canReadEvent, per event), each with its sequence as the SSE id, and a
 * heartbeat comment while nothing happens. It waits for the socket to drain before writing more,
 * so a slow client holds back only its own stream, and nothing is queued for it in memory.
 */
export async function runEventStream(
  feed: EventFeed,
  res: ServerResponse,
  actor: Actor,
  cursor: bigint,
  heartbeatMs: number,
): Promise<void> {
  let open = true;
  const stop = () => {
    open = false;
  };
  res.on('close', stop);
  feed.subscribers++;
  const write = async (chunk: string) => {
    if (!res.write(chunk) && open) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  };
  try {
    await write(`retry: 3000\n: kjflow event stream\n\n`);
    while (open && !feed.isClosed) {
      const next = await feed.after(cursor, BATCH);
      for (const e of next.events) {
        if (!open) break;
        if (canReadEvent(actor, e)) await write(`id: ${e.sequence}\ndata: ${JSON.stringify(viewOf(e))}\n\n`);
      }
      if (!open) break;
      if (next.cursor > cursor) {
        cursor = next.cursor;
        continue;
      }
      const before = feed.horizon;
      await feed.waitFor(cursor, heartbeatMs);
      if (open && feed.horizon === before) await write(`: heartbeat ${new Date().toISOString()}\n\n`);
    }
  } finally {
    feed.subscribers--;
    res.off('close', stop);
    res.end();
  }
}
