import { z } from 'zod';

/**
 * The API's settings, read once from the environment and checked at start: in production
 * (NODE_ENV=production, as the images set it) a missing secret or database stops the process
 * with a message naming the variable, instead of a server that runs on the development defaults.
 */
const list = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string()));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z
      .string()
      .optional()
      .refine((u) => u === undefined || /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// URL'),
    JWT_SECRET: z.string().optional(),
    JWT_TTL_SECONDS: positiveInt(8 * 3600),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    /** Origins allowed to call the API from a browser (the portal's, when served elsewhere). */
    KJ_CORS_ORIGINS: list.optional(),
    /** Login attempts per username and client address within a minute, then 429. */
    KJ_LOGIN_ATTEMPTS_PER_MINUTE: positiveInt(20),
    /** Failed logins in a row (per username and client address) before the lock-out. */
    KJ_LOGIN_MAX_FAILURES: positiveInt(5),
    KJ_LOGIN_LOCKOUT_SECONDS: positiveInt(15 * 60),
    /** Seconds a client is told to wait (Retry-After) when PostgreSQL or Temporal is down. */
    KJ_RETRY_AFTER_SECONDS: positiveInt(5),
    /** Deadline of one call to Temporal from a request, so a Temporal that is down answers 503 fast. */
    KJ_TEMPORAL_DEADLINE_MS: positiveInt(10000),
    /** Connections of this API process to PostgreSQL (see docs/scale-out.md). */
    KJ_DB_POOL_SIZE: positiveInt(10),
    KJ_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    // `test` is jest's (the e2e stack runs on the development defaults).
    if (env.NODE_ENV !== 'production') return;
    if (!env.DATABASE_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: `is required when NODE_ENV=${env.NODE_ENV} (e.g. postgres://kjflow:…@db:5432/kjflow)`,
      });
    if (!env.JWT_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: `is required when NODE_ENV=${env.NODE_ENV} (a random string of at least 32 characters)`,
      });
    else if (env.JWT_SECRET.length < 32)
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'must be at least 32 characters long' });
  });

export type Settings = z.infer<typeof schema>;

/** The defaults of development: the portal's Vite dev server may call the API. */
const DEV_CORS_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

export class SettingsError extends Error {}

/** Parses the environment; throws a SettingsError that lists every wrong variable. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(blankless);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new SettingsError(`kjflow API: invalid settings, not starting:\n${lines.join('\n')}`);
  }
  const settings = parsed.data;
  if (!settings.KJ_CORS_ORIGINS)
    settings.KJ_CORS_ORIGINS = settings.NODE_ENV === 'production' ? [] : DEV_CORS_ORIGINS;
  return settings;
}

let current: Settings | undefined;

/** The settings of this process, parsed on first use. */
export function settings(): Settings {
  return (current ??= loadSettings());
}
