import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, Connection } from '@temporalio/client';
import { createDataSource } from '@kjflow/persistence';
import { TASK_QUEUE, temporalConfig } from '@kjflow/temporal';
import { WorkerPresence, workerGate } from './worker-presence';

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
      useFactory: async () => createDataSource({ applicationName: 'kjflow-api' }).initialize(),
    },
    { provide: Connection, useFactory: () => Connection.connect({ address: temporalConfig().address }) },
    {
      provide: WorkerPresence,
      useFactory: (connection: Connection) =>
        new WorkerPresence(connection, temporalConfig().namespace, TASK_QUEUE),
      inject: [Connection],
    },
    {
      provide: TEMPORAL_CLIENT,
      useFactory: (connection: Connection, presence: WorkerPresence) =>
        new Client({
          connection,
          namespace: temporalConfig().namespace,
          interceptors: { workflow: [workerGate(presence)] },
        }),
      inject: [Connection, WorkerPresence],
    },
    InfraShutdown,
  ],
  exports: [DataSource, TEMPORAL_CLIENT, WorkerPresence],
})
export class InfraModule {}
