import { z } from 'zod';

// The error type and codes are zod-free (workflow code throws them too): errors.rules.ts.
export * from './errors.rules';
import { DomainError, RetryableRefusal } from './errors.rules';

export const bilingualSchema = z.object({ zh: z.string(), en: z.string() });

/** The error body every 4xx/5xx of the API carries. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: bilingualSchema,
    fields: z.array(z.object({ path: z.string(), message: bilingualSchema })),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** A command while no worker polls the task queue: refused before anything is written (503). */
export function workerUnavailable(retryAfterSeconds = 5): DomainError {
  return new RetryableRefusal(
    'worker_unavailable',
    {
      zh: '流程工作进程（worker）暂未运行，无法处理此操作，请稍后重试',
      en: 'No worker is running the workflows right now, so this action cannot be processed; try again shortly',
    },
    retryAfterSeconds,
  );
}

/** PostgreSQL cannot be reached (down, restarting, out of connections): try again shortly (503). */
export function databaseUnavailable(retryAfterSeconds: number): DomainError {
  return new RetryableRefusal(
    'service_unavailable',
    {
      zh: '数据库暂不可用，请稍后重试',
      en: 'The database is unavailable right now; try again shortly',
    },
    retryAfterSeconds,
  );
}

/** Temporal cannot be reached or did not answer in time: try again shortly (503). */
export function temporalUnavailable(retryAfterSeconds: number): DomainError {
  return new RetryableRefusal(
    'service_unavailable',
    {
      zh: '流程引擎（Temporal）暂不可用，请稍后重试',
      en: 'The workflow engine (Temporal) is unavailable right now; try again shortly',
    },
    retryAfterSeconds,
  );
}
