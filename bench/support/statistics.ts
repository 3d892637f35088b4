/**
 * The planner's statistics, as a production server keeps them. PostgreSQL's autovacuum analyzes a
 * table once a tenth of it has changed; on a server where it is off (this machine's: `SHOW
 * autovacuum`), a table loaded by a benchmark keeps the empty table's estimates, and its queries
 * plans for 18 rows where there are thousands (a list page of 50 sorted every row of its call:
 * 7 ms instead of 1.3). So a benchmark runs ANALYZE itself, as autovacuum would: once after loading,
 * and every minute (autovacuum's naptime) while it changes the data.
 */
import { Client as PgClient } from 'pg';

export interface Statistics {
  /** ANALYZE now (nothing if autovacuum is on). */
  analyze(): Promise<void>;
  /** Stops the periodic ANALYZE and closes the connection. */
  stop(): Promise<void>;
}

export async function keepStatistics(databaseUrl: string, everyMs = 60_000): Promise<Statistics> {
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ autovacuum: string }>('SHOW autovacuum');
  const needed = rows[0].autovacuum !== 'on';
  let running: Promise<unknown> = Promise.resolve();
  const analyze = async () => {
    if (!needed) return;
    running = running.then(() => db.query('ANALYZE'));
    await running;
  };
  const timer =
    needed && everyMs > 0 ? setInterval(() => void analyze().catch(() => undefined), everyMs) : null;
  timer?.unref();
  if (needed)
    console.log('  (autovacuum is off on this server: the benchmark runs ANALYZE as autovacuum would)');
  return {
    analyze,
    async stop() {
      if (timer) clearInterval(timer);
      await running.catch(() => undefined);
      await db.end();
    },
  };
}
