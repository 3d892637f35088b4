import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from '@temporalio/client';
import { createDataSource } from '@kjflow/persistence';
import { createTemporalClient } from '@kjflow/temporal';

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

/** One DataSource and one Temporal client per API process, injected everywhere. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      useFactory: async () => createDataSource({ applicationName: 'kjflow-api' }).initialize(),
    },
    { provide: TEMPORAL_CLIENT, useFactory: () => createTemporalClient() },
    InfraShutdown,
  ],
  exports: [DataSource, TEMPORAL_CLIENT],
})
export class InfraModule {}
