import { DataSource } from 'typeorm';

/** The database's side of the health check: whether PostgreSQL answers at all. */
export class HealthRepository {
  constructor(private readonly ds: DataSource) {}

  /** Resolves when the database answers a trivial query; rejects with its error otherwise. */
  async ping(): Promise<void> {
    await this.ds.query('SELECT 1');
  }
}
