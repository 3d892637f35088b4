import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { DomainEventNotifier } from './event-store';
import { MIGRATIONS } from './migrations';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/kjflow';

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** One DataSource per process; the pool is sized to the process's concurrency. */
export function createDataSource(
  opts: {
    url?: string;
    poolSize?: number;
    applicationName?: string;
    logErrors?: boolean;
    /** How long a request waits for a connection; without it a request waits forever for a server that hangs. */
    connectTimeoutMs?: number;
  } = {},
): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url ?? databaseUrl(),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    subscribers: [DomainEventNotifier],
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    logging: opts.logErrors === false ? false : ['error'],
    extra: {
      max: opts.poolSize ?? 10,
      application_name: opts.applicationName ?? 'kjflow',
      ...(opts.connectTimeoutMs ? { connectionTimeoutMillis: opts.connectTimeoutMs } : {}),
    },
  });
}

/** Runs `fn` on the server's `postgres` database with the target database's checked name. */
async function withAdminConnection(
  url: string,
  fn: (ds: DataSource, name: string) => Promise<void>,
): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name))
    throw new Error(`Refusing to manage a database with an unusual name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: admin.toString() });
  await ds.initialize();
  try {
    await fn(ds, name);
  } finally {
    await ds.destroy();
  }
}

/** Create the database named in the URL if it does not exist. */
export function ensureDatabase(url = databaseUrl()): Promise<void> {
  return withAdminConnection(url, async (ds, name) => {
    const rows = await ds.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) await ds.query(`CREATE DATABASE "${name}"`);
  });
}

export function dropDatabase(url: string): Promise<void> {
  return withAdminConnection(url, async (ds, name) => {
    await ds.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/** Create if missing, then run pending migrations. Returns the names that ran. */
export async function migrate(url = databaseUrl()): Promise<string[]> {
  await ensureDatabase(url);
  const ds = createDataSource({ url, poolSize: 2, applicationName: 'kjflow-migrate' });
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
