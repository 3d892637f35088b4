import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Client } from '@temporalio/client';
import { Endpoint } from '../common/endpoint.decorator';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { calendarWarning } from '@kjflow/domain';
import { HealthRepository } from '@kjflow/persistence';
import { CalendarQueryService } from '../calendar/calendar-query.service';
import { WorkerPresence } from '../infra/worker-presence';

const checkSchema = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const workerSchema = checkSchema.extend({
  pollers: z.number().meta({ description: 'workers that polled the task queue within the window' }),
});

async function timed(fn: () => Promise<unknown>): Promise<z.infer<typeof checkSchema>> {
  const started = Date.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout after 3 s')), 3000)),
    ]);
    return { ok: true, latencyMs: Date.now() - started };
  } catch (err) {
    return {
      ok: false,
      latencyMs: Date.now() - started,
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

@Controller('health')
export class HealthController {
  private readonly db: HealthRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly worker: WorkerPresence,
    private readonly calendar: CalendarQueryService,
  ) {
    this.db = new HealthRepository(ds);
  }

  @Get()
  @Endpoint({
    summary:
      '健康检查 PostgreSQL and Temporal reachability and a worker polling the task queue (503 "degraded" when any is missing)',
    tags: ['health'],
    public: true,
    alsoAnswers: { status: 503, description: 'Degraded: PostgreSQL, Temporal or a worker is missing' },
    response: z.object({
      status: z.enum(['ok', 'degraded']),
      postgres: checkSchema,
      temporal: checkSchema,
      worker: workerSchema,
      calendar: z.object({
        lastOfficialYear: z.number().int().nullable(),
        warning: z
          .object({ zh: z.string(), en: z.string() })
          .nullable()
          .describe(
            'From 60 days before the last official year ends: enter the next year (a warning, not degraded)',
          ),
      }),
    }),
  })
  async check(@Res({ passthrough: true }) res: FastifyReply) {
    const [postgres, temporal, worker, lastOfficialYear] = await Promise.all([
      timed(() => this.db.ping()),
      timed(() => this.temporal.workflowService.getSystemInfo({})),
      this.worker.check(),
      this.calendar.lastOfficialYear().catch(() => null),
    ]);
    const ok = postgres.ok && temporal.ok && worker.ok;
    void res.status(ok ? 200 : 503);
    const calendar = {
      lastOfficialYear,
      warning: postgres.ok ? calendarWarning(lastOfficialYear, Date.now()) : null,
    };
    return { status: ok ? 'ok' : 'degraded', postgres, temporal, worker, calendar };
  }
}
