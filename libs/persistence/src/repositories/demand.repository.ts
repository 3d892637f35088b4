import { DataSource, EntityManager } from 'typeorm';
import type { Page, PageQuery } from '@kjflow/domain';
import { atMillis, keysetPage, KeysetOrder } from '../pagination';
import { DemandEntity, InstitutionEntity, UserEntity } from '../entities';

/** A demand with the names the API shows beside it. */
export interface DemandRow extends DemandEntity {
  submitterName: string;
  institutionName: string | null;
}

const LAST_CHANGED_FIRST: KeysetOrder<DemandEntity> = {
  columns: [atMillis('d.updated_at'), 'd.id'],
  direction: 'DESC',
  cursorOf: (d) => [d.updatedAt.toISOString(), d.id],
};

/** Demands; each one's workflow (`demand-<id>`) owns its status and content. */
export class DemandRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(DemandEntity);
  }

  private named() {
    return this.db
      .createQueryBuilder()
      .select([
        'd.id AS id',
        'd.campaign_id AS "campaignId"',
        'd.submitter_id AS "submitterId"',
        'u.display_name AS "submitterName"',
        'd.institution_id AS "institutionId"',
        'i.name AS "institutionName"',
        'd.status AS status',
        'd.title AS title',
        'd.problem AS problem',
        'd.content AS content',
        'd.version AS version',
        'd.merged_into_id AS "mergedIntoId"',
        'd.submitted_at AS "submittedAt"',
        'd.updated_at AS "updatedAt"',
      ])
      .from(DemandEntity, 'd')
      .innerJoin(UserEntity, 'u', 'u.id = d.submitter_id')
      .leftJoin(InstitutionEntity, 'i', 'i.id = d.institution_id')
      .orderBy('d.updated_at', 'DESC')
      .addOrderBy('d.id');
  }

  /** One demand with its submitter's and institution's names. */
  async namedById(id: string): Promise<DemandRow | null> {
    return (await this.named().where('d.id = :id', { id }).getRawOne<DemandRow>()) ?? null;
  }

  /** A page of demands (a submitter's, or a campaign's of one status), last changed first. */
  async page(
    filter: { submitterId?: string; campaignId?: string; status?: string },
    page: PageQuery,
  ): Promise<Page<DemandRow>> {
    const q = this.rows.createQueryBuilder('d');
    if (filter.submitterId) q.andWhere('d.submitter_id = :submitterId', { submitterId: filter.submitterId });
    if (filter.campaignId) q.andWhere('d.campaign_id = :campaignId', { campaignId: filter.campaignId });
    if (filter.status) q.andWhere('d.status = :status', { status: filter.status });
    const keys = await keysetPage(q, LAST_CHANGED_FIRST, page);
    if (keys.items.length === 0) return { items: [], next: keys.next };
    // The page's rows with the names beside them (keysetPage reads the entities only).
    const ids = keys.items.map((d) => d.id);
    const named = await this.named().where('d.id IN (:...ids)', { ids }).getRawMany<DemandRow>();
    const byId = new Map(named.map((r) => [r.id, r]));
    return { items: ids.map((id) => byId.get(id)!), next: keys.next };
  }

  byId(id: string): Promise<DemandEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** The submitted and accepted demands of a campaign: candidates for duplicates. */
  live(campaignId: string): Promise<Array<Pick<DemandEntity, 'id' | 'title' | 'problem' | 'status'>>> {
    return this.rows.find({
      select: { id: true, title: true, problem: true, status: true },
      where: [
        { campaignId, status: 'submitted' },
        { campaignId, status: 'accepted' },
      ],
    });
  }

  /** Inside the activity's transaction. */
  async insert(
    row: Omit<DemandEntity, 'createdAt' | 'updatedAt' | 'mergedIntoId' | 'submittedAt'>,
  ): Promise<void> {
    await this.rows.insert(row);
  }

  /** Inside the activity's transaction: the columns a step changes. */
  async update(id: string, change: Partial<Omit<DemandEntity, 'id'>>): Promise<void> {
    await this.rows.update({ id }, change);
  }
}
