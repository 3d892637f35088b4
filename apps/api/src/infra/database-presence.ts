import { DataSource } from 'typeorm';
import { databaseUnavailable } from '@kjflow/domain';
import { HealthRepository } from '@kjflow/persistence';

const CACHE_MS = 1000;
const PING_TIMEOUT_MS = 2000;

/**
 * Is PostgreSQL answering? Asked before a command is sent (WorkerGateInterceptor): a command
 * sent while the database is down would reach the workflow, whose activity retries until the
 * database is back, and the request would wait for it. Refused at once instead (503 with
 * Retry-After). One ping per second at most, shared by concurrent commands.
 */
export class DatabasePresence {
  private readonly db: HealthRepository;
  private last?: { at: number; ok: boolean };
  private asking?: Promise<boolean>;

  constructor(
    ds: DataSource,
    private readonly retryAfterSeconds: number,
  ) {
    this.db = new HealthRepository(ds);
  }

  async assertReachable(): Promise<void> {
    const fresh = this.last && Date.now() - this.last.at < CACHE_MS;
    // A cached failure is asked again, so a database that is back is never refused.
    const ok = fresh && this.last!.ok ? true : await this.ask();
    if (!ok) throw databaseUnavailable(this.retryAfterSeconds);
  }

  private ask(): Promise<boolean> {
    this.asking ??= this.ping().finally(() => (this.asking = undefined));
    return this.asking;
  }

  private async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const ok = await Promise.race([
      this.db.ping().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    this.last = { at: Date.now(), ok };
    return ok;
  }
}
