import { DataSource, EntityManager } from 'typeorm';
import type { ExpertRecord, ExpertRecordInput, Page, PageQuery } from '@kjflow/domain';
import { ExpertEntity } from '../entities/expert.entity';
import { EXPERT_COLUMNS, expertColumnValues } from '../expert-columns';
import { keysetPage, mapPage } from '../pagination';

/** A row of `experts` (专家库). */
export interface ExpertRow {
  id: string;
  user_id: string | null;
  external_ref: string | null;
  name: string;
  title: string;
  organisation: string;
  institution_id: string | null;
  organisation_key: string;
  key_fields: string[];
  keywords: string[];
  region: string;
  finance: boolean;
  available: boolean;
  load_cap: number;
  relations: ExpertRecord['relations'];
  declared_conflicts: ExpertRecord['declaredConflicts'];
  phone: string | null;
  email: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface ExpertFilter {
  id?: string;
  userId?: string;
  keyField?: string;
  available?: boolean;
  finance?: boolean;
  /** Text matched against name, organisation, title, pool number and keywords. */
  q?: string;
}

/** An expert's login (role expert), created with the record. */
export interface ExpertAccount {
  userId: string;
  username: string;
  displayName: string;
  passwordHash: string;
  institutionId: string | null;
}

/** The expert pool (专家库) and the experts' login accounts. */
export class ExpertRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The pool, filtered, in the pool's order (number, then name). */
  list(filter: ExpertFilter = {}): Promise<ExpertRow[]> {
    const q = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    return this.db.query(
      `SELECT * FROM experts
        WHERE ($1::uuid IS NULL OR id = $1)
          AND ($2::uuid IS NULL OR user_id = $2)
          AND ($3::text IS NULL OR $3 = ANY (key_fields))
          AND ($4::boolean IS NULL OR available = $4)
          AND ($5::boolean IS NULL OR finance = $5)
          AND ($6::text IS NULL OR name ILIKE $6 OR organisation ILIKE $6 OR title ILIKE $6
               OR external_ref ILIKE $6 OR array_to_string(keywords, ' ') ILIKE $6)
        ORDER BY external_ref NULLS LAST, name, id`,
      [
        filter.id ?? null,
        filter.userId ?? null,
        filter.keyField ?? null,
        filter.available ?? null,
        filter.finance ?? null,
        q,
      ],
    );
  }

  /**
   * One page of the pool in the pool's order: numbered experts first (by number), then by name;
   * the id breaks ties, so a page never skips or repeats an expert.
   */
  async page(filter: Omit<ExpertFilter, 'id' | 'userId'>, page: PageQuery): Promise<Page<ExpertRow>> {
    const q = this.db.getRepository(ExpertEntity).createQueryBuilder('e');
    if (filter.keyField) q.andWhere(':keyField = ANY (e.key_fields)', { keyField: filter.keyField });
    if (filter.available !== undefined)
      q.andWhere('e.available = :available', { available: filter.available });
    if (filter.finance !== undefined) q.andWhere('e.finance = :finance', { finance: filter.finance });
    if (filter.q)
      q.andWhere(
        `(e.name ILIKE :q OR e.organisation ILIKE :q OR e.title ILIKE :q OR e.external_ref ILIKE :q
          OR array_to_string(e.keywords, ' ') ILIKE :q)`,
        { q: `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` },
      );
    const result = await keysetPage(
      q,
      {
        columns: [
          'CASE WHEN e.external_ref IS NULL THEN 1 ELSE 0 END',
          "COALESCE(e.external_ref, '')",
          'e.name',
          'e.id',
        ],
        direction: 'ASC',
        cursorOf: (e) => [e.externalRef === null ? 1 : 0, e.externalRef ?? '', e.name, e.id],
      },
      page,
    );
    return mapPage(result, expertRowOf);
  }

  async byId(id: string): Promise<ExpertRow | undefined> {
    const [row] = await this.db.query(`SELECT * FROM experts WHERE id = $1`, [id]);
    return row;
  }

  /** Inside a transaction: the row, locked until the transaction ends. */
  async byIdForUpdate(id: string): Promise<ExpertRow | undefined> {
    const [row] = await this.db.query(`SELECT * FROM experts WHERE id = $1 FOR UPDATE`, [id]);
    return row;
  }

  /** Inside a transaction: the row with this pool number (编号), locked. */
  async byRefForUpdate(ref: string): Promise<ExpertRow | undefined> {
    const [row] = await this.db.query(`SELECT * FROM experts WHERE external_ref = $1 FOR UPDATE`, [ref]);
    return row;
  }

  async idOfRef(ref: string): Promise<string | null> {
    const [row] = await this.db.query(`SELECT id FROM experts WHERE external_ref = $1`, [ref]);
    return row?.id ?? null;
  }

  /** The expert record of a login, if it has one. */
  async idOfUser(userId: string): Promise<string | null> {
    const [row] = await this.db.query(`SELECT id FROM experts WHERE user_id = $1`, [userId]);
    return row?.id ?? null;
  }

  async usernameTaken(username: string): Promise<boolean> {
    const [row] = await this.db.query(`SELECT 1 FROM users WHERE username = $1`, [username]);
    return !!row;
  }

  async institutionExists(id: string): Promise<boolean> {
    const [row] = await this.db.query(`SELECT 1 FROM institutions WHERE id = $1`, [id]);
    return !!row;
  }

  /** Which of these institution ids are registered. */
  async knownInstitutions(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM institutions WHERE id = ANY ($1::uuid[])`,
      [[...ids]],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** How an import's row was written, if it was: its event's type (a retried batch reports it again). */
  async importedAs(workflowId: string, step: string): Promise<'imported' | 'updated' | null> {
    const [row]: Array<{ type: string }> = await this.db.query(
      `SELECT type FROM domain_events WHERE workflow_id = $1 AND step = $2`,
      [workflowId, step],
    );
    if (!row) return null;
    return row.type === 'expert.registered' ? 'imported' : 'updated';
  }

  /** Inside the registration's transaction: the expert's login. */
  async insertAccount(a: ExpertAccount): Promise<void> {
    await this.db.query(
      `INSERT INTO users (id, username, display_name, password_hash, roles, institution_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [a.userId, a.username, a.displayName, a.passwordHash, ['expert'], a.institutionId],
    );
  }

  /** Inside the event's transaction (see appendWithChange). */
  async insert(id: string, userId: string | null, record: ExpertRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO experts (id, user_id, ${EXPERT_COLUMNS.join(', ')})
       VALUES ($1, $2, ${EXPERT_COLUMNS.map((_, i) => `$${i + 3}`).join(', ')})`,
      [id, userId, ...expertColumnValues(record)],
    );
  }

  /** Inside the event's transaction: every column of the record. */
  async update(id: string, record: ExpertRecord): Promise<void> {
    await this.db.query(
      `UPDATE experts SET ${EXPERT_COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now()
        WHERE id = $1`,
      [id, ...expertColumnValues(record)],
    );
  }
}

/** The stored record of a row, optional fields absent when null (the shape the schemas take). */
export function expertRecordOf(r: ExpertRow): ExpertRecordInput {
  const record: ExpertRecordInput = {
    name: r.name,
    title: r.title,
    organisation: r.organisation,
    keyFields: r.key_fields,
    keywords: r.keywords,
    region: r.region,
    finance: r.finance,
    available: r.available,
    loadCap: r.load_cap,
    relations: r.relations,
    declaredConflicts: r.declared_conflicts,
  };
  if (r.external_ref !== null) record.externalRef = r.external_ref;
  if (r.institution_id !== null) record.institutionId = r.institution_id;
  if (r.phone !== null) record.phone = r.phone;
  if (r.email !== null) record.email = r.email;
  return record;
}

/** The entity as the row the pool's views read. */
function expertRowOf(e: ExpertEntity): ExpertRow {
  return {
    id: e.id,
    user_id: e.userId,
    external_ref: e.externalRef,
    name: e.name,
    title: e.title,
    organisation: e.organisation,
    institution_id: e.institutionId,
    organisation_key: e.organisationKey,
    key_fields: e.keyFields,
    keywords: e.keywords,
    region: e.region,
    finance: e.finance,
    available: e.available,
    load_cap: e.loadCap,
    relations: e.relations,
    declared_conflicts: e.declaredConflicts,
    phone: e.phone,
    email: e.email,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}
