import { MigrationInterface, QueryRunner } from 'typeorm';

export class DemandCollection1763900000000 implements MigrationInterface {
  name = 'DemandCollection1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE demand_campaigns (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        status text NOT NULL,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL CHECK (window_end > window_start),
        key_fields text[] NOT NULL,
        counties text[] NOT NULL DEFAULT '{}',
        instructions text NOT NULL DEFAULT '',
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE demands (
        id uuid PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES demand_campaigns(id),
        submitter_id uuid NOT NULL REFERENCES users(id),
        institution_id uuid REFERENCES institutions(id),
        status text NOT NULL,
        title text NOT NULL,
        key_field text NOT NULL,
        county text,
        problem text NOT NULL DEFAULT '',
        content jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        merged_into_id uuid REFERENCES demands(id),
        submitted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (merged_into_id IS NULL OR merged_into_id <> id)
      )`);
    await q.query(`CREATE INDEX demands_campaign_idx ON demands (campaign_id, status)`);
    await q.query(`CREATE INDEX demands_submitter_idx ON demands (submitter_id)`);
    await q.query(`
      CREATE TABLE topics (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('topic', 'challenge')),
        title text NOT NULL,
        key_field text NOT NULL,
        content jsonb NOT NULL,
        issuer_institution_id uuid REFERENCES institutions(id),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE topic_demands (
        topic_id uuid NOT NULL REFERENCES topics(id),
        demand_id uuid NOT NULL REFERENCES demands(id),
        PRIMARY KEY (topic_id, demand_id)
      )`);
    await q.query(`CREATE INDEX topic_demands_demand_idx ON topic_demands (demand_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE topic_demands`);
    await q.query(`DROP TABLE topics`);
    await q.query(`DROP TABLE demands`);
    await q.query(`DROP TABLE demand_campaigns`);
  }
}
