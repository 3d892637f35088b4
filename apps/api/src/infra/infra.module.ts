import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, Connection } from '@temporalio/client';
import { commandUpdateIds } from '../common/command-context';
// The client part only: the package's index also loads the worker-side interceptors.
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import { PinoLogger } from 'nestjs-pino';
import { createDataSource } from '@kjflow/persistence';
import { startTracing, TASK_QUEUE, temporalConfig } from '@kjflow/temporal';
import { logFields } from '../observability/logging';
import { temporalClientInterceptor } from '../observability/temporal-client.interceptor';
import { settings } from '../settings';
import { DatabasePresence } from './database-presence';
import { WorkerPresence, workerGate } from './worker-presence';

/** A request waits at most this long for a database connection, then answers 503. */
const DB_CONNECT_TIMEOUT_MS = 3000;

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/** Closes the process-wide connections when Nest shuts down. */
@Injectable()
class InfraShutdown implements OnApplicationShutdown {
  constructor(
    private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async onApplicationShutdown() {
    await this.temporal.connection.close();
    if (this.ds.isInitialized) await this.ds.destroy();
    await startTracing('kjflow-api').shutdown(); // sends the spans still buffered
  }
}

/**
 * One DataSource, one Temporal connection and client per API process, injected everywhere. The
 * client refuses commands while no worker polls (WorkerPresence), over the same connection.
 */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      useFactory: async () =>
        createDataSource({
          applicationName: 'kjflow-api',
          poolSize: settings().KJ_DB_POOL_SIZE,
          connectTimeoutMs: DB_CONNECT_TIMEOUT_MS,
        }).initialize(),
    },
    { provide: Connection, useFactory: () => Connection.connect({ address: temporalConfig().address }) },
    {
      provide: WorkerPresence,
      useFactory: (connection: Connection) =>
        new WorkerPresence(
          connection,
          temporalConfig().namespace,
          TASK_QUEUE,
          undefined,
          settings().KJ_RETRY_AFTER_SECONDS,
        ),
      inject: [Connection],
    },
    {
      provide: TEMPORAL_CLIENT,
      // Outermost first: the trace span covers the refusal, the deadline covers the call.
      useFactory: (connection: Connection, presence: WorkerPresence, logger: PinoLogger) =>
        new Client({
          connection,
          namespace: temporalConfig().namespace,
          interceptors: {
            workflow: [
              new OpenTelemetryWorkflowClientInterceptor(),
              workerGate(presence),
              temporalClientInterceptor(connection, settings().KJ_TEMPORAL_DEADLINE_MS, (workflowId) =>
                logFields(logger)({ workflowId }),
              ),
              // Innermost: only an update actually sent is noted as possibly in doubt.
              commandUpdateIds(),
            ],
          },
        }),
      inject: [Connection, WorkerPresence, PinoLogger],
    },
    {
      provide: DatabasePresence,
      useFactory: (ds: DataSource) => new DatabasePresence(ds, settings().KJ_RETRY_AFTER_SECONDS),
      inject: [DataSource],
    },
    InfraShutdown,
  ],
  exports: [DataSource, TEMPORAL_CLIENT, WorkerPresence, DatabasePresence],
})
export class InfraModule {}
