import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DomainEventEntity,
  DomainEventListener,
  DomainEventRepository,
  EventHorizon,
} from '@kjflow/persistence';

/** Events kept in memory for the subscribers that are up to date (older ones are read from the table). */
const RECENT_LIMIT = 2000;

/**
 * The API process's view of the trail's growth, shared by all its event streams: one LISTEN
 * connection (DomainEventListener) and a fallback poll move the safe horizon (every event with a
 * sequence at or below it is committed, or never will be: EventHorizon in libs/persistence), and the new
 * events are read once and handed to every stream that is up to date.
 */
@Injectable()
export class EventFeed implements OnModuleDestroy {
  private readonly log = new Logger('EventFeed');
  private readonly repo: DomainEventRepository;
  private listener: DomainEventListener | null = null;
  private poll: NodeJS.Timeout | null = null;
  private retrySoon: NodeJS.Timeout | null = null;
  private started: Promise<void> | null = null;
  private ticking = false;
  private again = false;
  private readonly safe: EventHorizon;
  private readonly waiters = new Set<() => void>();
  /** The events with recentFrom < sequence ≤ horizon, oldest first. */
  private recent: DomainEventEntity[] = [];
  private recentFrom = 0n;
  horizon = 0n;
  subscribers = 0;
  private closed = false;
  readonly closing = new Set<() => void>();

  constructor(private readonly ds: DataSource) {
    this.repo = new DomainEventRepository(ds);
    this.safe = new EventHorizon(ds);
  }

  /** Starts listening with the first stream; resolves once the horizon is known. */
  ensureStarted(): Promise<void> {
    if (!this.started) {
      this.started = this.tick();
      const url = (this.ds.options as { url?: string }).url;
      if (url) {
        this.listener = new DomainEventListener(url, () => void this.tick());
        this.listener.start();
      }
      this.poll = setInterval(() => void this.tick(), Number(process.env.KJ_EVENT_POLL_MS || 1000));
      this.poll.unref();
    }
    return this.started;
  }

  /** One advance at a time; a notification during one runs another after it. */
  private async tick(): Promise<void> {
    if (this.closed) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.again = false;
        await this.advance();
      } while (this.again && !this.closed);
    } catch (err) {
      this.log.warn(`event stream: ${(err as Error).message}; retrying`);
    } finally {
      this.ticking = false;
    }
  }

  private async advance(): Promise<void> {
    const horizon = await this.safe.advance();
    if (this.safe.waiting && !this.retrySoon) {
      this.retrySoon = setTimeout(() => {
        this.retrySoon = null;
        void this.tick();
      }, 50);
    }
    if (horizon <= this.horizon) return;
    await this.keepRecent(this.horizon, horizon);
    this.horizon = horizon;
    for (const wake of [...this.waiters]) wake();
  }

  private async keepRecent(from: bigint, to: bigint): Promise<void> {
    if (this.subscribers === 0 || from === 0n) {
      this.recent = [];
      this.recentFrom = to;
      return;
    }
    const rows = await this.repo.range(String(from), String(to), RECENT_LIMIT + 1);
    if (rows.length > RECENT_LIMIT) {
      this.recent = [];
      this.recentFrom = to;
      return;
    }
    this.recent.push(...rows);
    const drop = this.recent.length - RECENT_LIMIT;
    if (drop > 0) {
      this.recentFrom = BigInt(this.recent[drop - 1].sequence);
      this.recent.splice(0, drop);
    }
  }

  /**
   * The next events after `cursor` up to the horizon, oldest first, from memory when the stream
   * is up to date, else from the table (`limit` at a time); with the cursor to continue from.
   */
  async after(cursor: bigint, limit: number): Promise<{ events: DomainEventEntity[]; cursor: bigint }> {
    const horizon = this.horizon;
    if (cursor >= horizon) return { events: [], cursor };
    if (cursor >= this.recentFrom) {
      const events = this.recent.filter((e) => BigInt(e.sequence) > cursor && BigInt(e.sequence) <= horizon);
      return { events, cursor: horizon };
    }
    const events = await this.repo.range(String(cursor), String(horizon), limit);
    return { events, cursor: events.length < limit ? horizon : BigInt(events[events.length - 1].sequence) };
  }

  /** Resolves when the horizon passes `cursor`, after `ms`, or when the feed closes. */
  waitFor(cursor: bigint, ms: number): Promise<void> {
    if (this.horizon > cursor || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        this.closing.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      this.closing.add(done);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    if (this.retrySoon) clearTimeout(this.retrySoon);
    for (const wake of [...this.closing]) wake();
    await this.listener?.stop();
  }
}
