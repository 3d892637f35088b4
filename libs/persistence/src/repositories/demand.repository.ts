import { DataSource, EntityManager } from 'typeorm';
import { DemandEntity, InstitutionEntity, UserEntity } from '../entities';

/** A demand with the names the API shows beside it. */
export interface DemandRow extends DemandEntity {
  submitterName: string;
  institutionName: string | null;
}

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

  /** A submitter's demands, last changed first. */
  ofSubmitter(submitterId: string): Promise<DemandRow[]> {
    return this.named().where('d.submitter_id = :submitterId', { submitterId }).getRawMany<DemandRow>();
  }

  /** A campaign's demands (of one status when given), last changed first. */
  ofCampaign(campaignId: string, status?: string): Promise<DemandRow[]> {
    const q = this.named().where('d.campaign_id = :campaignId', { campaignId });
    if (status) q.andWhere('d.status = :status', { status });
    return q.getRawMany<DemandRow>();
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
