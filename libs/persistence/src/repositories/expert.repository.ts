import { DataSource, EntityManager } from 'typeorm';
import type { ExpertRecord, ExpertRecordInput, Page, PageQuery } from '@kjflow/domain';
import { ExpertEntity } from '../entities/expert.entity';
import { EXPERT_COLUMNS, expertColumnValues } from '../expert-columns';
import { containsPattern, keysetPage } from '../pagination';

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

/** The pool's order: numbered experts first (by number), then by name, then id. */
const POOL_ORDER = [
  'CASE WHEN e.external_ref IS NULL THEN 1 ELSE 0 END',
  "COALESCE(e.external_ref, '')",
  'e.name',
  'e.id',
];

/** The expert pool (专家库) and the experts' login accounts. */
export class ExpertRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(ExpertEntity);
  }

  /** The pool, filtered, in the pool's order (number, then name). */
  list(filter: ExpertFilter = {}): Promise<ExpertEntity[]> {
    const q = this.filtered(filter);
    POOL_ORDER.forEach((c, i) => (i === 0 ? q.orderBy(c) : q.addOrderBy(c)));
    return q.getMany();
  }

  /**
   * One page of the pool in the pool's order: numbered experts first (by number), then by name;
   * the id breaks ties, so a page never skips or repeats an expert.
   */
  page(filter: Omit<ExpertFilter, 'id' | 'userId'>, page: PageQuery): Promise<Page<ExpertEntity>> {
    return keysetPage(
      this.filtered(filter),
      {
        columns: POOL_ORDER,
        direction: 'ASC',
        cursorOf: (e) => [e.externalRef === null ? 1 : 0, e.externalRef ?? '', e.name, e.id],
      },
      page,
    );
  }

  /** The experts a filter selects (text matched literally: wildcards are escaped). */
  private filtered(filter: ExpertFilter) {
    const q = this.rows.createQueryBuilder('e');
    if (filter.id) q.andWhere('e.id = :id', { id: filter.id });
    if (filter.userId) q.andWhere('e.user_id = :userId', { userId: filter.userId });
    if (filter.keyField) q.andWhere(':keyField = ANY (e.key_fields)', { keyField: filter.keyField });
    if (filter.available !== undefined)
      q.andWhere('e.available = :available', { available: filter.available });
    if (filter.finance !== undefined) q.andWhere('e.finance = :finance', { finance: filter.finance });
    if (filter.q)
      q.andWhere(
        `(e.name ILIKE :q OR e.organisation ILIKE :q OR e.title ILIKE :q OR e.external_ref ILIKE :q
          OR array_to_string(e.keywords, ' ') ILIKE :q)`,
        { q: containsPattern(filter.q) },
      );
    return q;
  }

  async byId(id: string): Promise<ExpertEntity | undefined> {
    return (await this.rows.findOneBy({ id })) ?? undefined;
  }

  /** Inside a transaction: the row, locked until the transaction ends. */
  async byIdForUpdate(id: string): Promise<ExpertEntity | undefined> {
    return (await this.locked().where('e.id = :id', { id }).getOne()) ?? undefined;
  }

  /** Inside a transaction: the row with this pool number (编号), locked. */
  async byRefForUpdate(ref: string): Promise<ExpertEntity | undefined> {
    return (await this.locked().where('e.external_ref = :ref', { ref }).getOne()) ?? undefined;
  }

  private locked() {
    return this.rows.createQueryBuilder('e').setLock('pessimistic_write');
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

  /** The id of the account with this username, if any. */
  async userIdOfUsername(username: string): Promise<string | null> {
    const [row] = await this.db.query(`SELECT id FROM users WHERE username = $1`, [username]);
    return row?.id ?? null;
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
export function expertRecordOf(r: ExpertEntity): ExpertRecordInput {
  const record: ExpertRecordInput = {
    name: r.name,
    title: r.title,
    organisation: r.organisation,
    keyFields: r.keyFields,
    keywords: r.keywords,
    region: r.region,
    finance: r.finance,
    available: r.available,
    loadCap: r.loadCap,
    relations: r.relations,
    declaredConflicts: r.declaredConflicts,
  };
  if (r.externalRef !== null) record.externalRef = r.externalRef;
  if (r.institutionId !== null) record.institutionId = r.institutionId;
  if (r.phone !== null) record.phone = r.phone;
  if (r.email !== null) record.email = r.email;
  return record;
}
