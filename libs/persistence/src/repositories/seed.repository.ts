import { DataSource, EntityManager } from 'typeorm';
import { ExpertRecord, ProgramTemplate } from '@kjflow/domain';
import { EXPERT_COLUMNS, expertColumnValues } from '../expert-columns';

/**
 * The reference data a fresh installation starts from (institutions, demo accounts, the bundled
 * program templates, the demo expert pool). Every method inserts once: a second seed changes
 * nothing and answers false. The seed runs before the API and the worker exist (an account is
 * needed to log in), so it is the one writer that is not a workflow.
 */
export class SeedRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** True when inserted. A database seeded before institutions had a kind gets it now. */
  async institution(i: {
    id: string;
    name: string;
    county: string;
    creditCode: string | null;
    kind: string;
  }): Promise<boolean> {
    const rows: Array<{ inserted: boolean }> = await this.db.query(
      `INSERT INTO institutions (id, name, county, credit_code, kind) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind WHERE institutions.kind = 'other'
       RETURNING (xmax = 0) AS inserted`,
      [i.id, i.name, i.county, i.creditCode, i.kind],
    );
    return rows.some((r) => r.inserted);
  }

  async user(u: {
    id: string;
    username: string;
    displayName: string;
    passwordHash: string;
    roles: string[];
    institutionId: string | null;
  }): Promise<boolean> {
    // Demo accounts get an address on the reserved .localhost domain: their notification e-mail
    // lands in the dev stack's mailbox (.data/mail), never outside.
    const rows: unknown[] = await this.db.query(
      `INSERT INTO users (id, username, display_name, password_hash, roles, institution_id, email)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
      [
        u.id,
        u.username,
        u.displayName,
        u.passwordHash,
        u.roles,
        u.institutionId,
        `${u.username}@kjflow.localhost`,
      ],
    );
    return rows.length > 0;
  }

  /** Version 1 of a bundled template (later versions are saved through the template's workflow). */
  async programTemplate(id: string, t: ProgramTemplate): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO program_templates (id, code, version, mode, template) VALUES ($1, $2, 1, $3, $4)
       ON CONFLICT (code, version) DO NOTHING RETURNING id`,
      [id, t.code, t.mode, JSON.stringify(t)],
    );
    return rows.length > 0;
  }

  /** A number already in the pool (or a login already linked to another expert) keeps its row. */
  async expert(e: ExpertRecord & { id: string; userId: string | null }): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO experts (id, user_id, ${EXPERT_COLUMNS.join(', ')})
       VALUES ($1, $2, ${EXPERT_COLUMNS.map((_, i) => `$${i + 3}`).join(', ')})
       ON CONFLICT DO NOTHING RETURNING id`,
      [e.id, e.userId, ...expertColumnValues(e)],
    );
    return rows.length > 0;
  }
}
