import { DataSource, EntityManager } from 'typeorm';
import type { Page, PageQuery, RegisterProjectInput } from '@kjflow/domain';
import { ProjectEntity } from '../entities/project.entity';
import { keysetPage } from '../pagination';

export interface ProjectFilter {
  id?: string;
  piId?: string;
  institutionId?: string;
}

/** Projects (项目): registered from earlier records now, created from agreements later. */
export class ProjectRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** A page of projects, newest start first. */
  page(filter: ProjectFilter, page: PageQuery): Promise<Page<ProjectEntity>> {
    const query = this.db.getRepository(ProjectEntity).createQueryBuilder('p');
    if (filter.piId) query.andWhere('p.pi_id = :piId', { piId: filter.piId });
    if (filter.institutionId)
      query.andWhere('p.institution_id = :institutionId', { institutionId: filter.institutionId });
    return keysetPage(
      query,
      { columns: ['p.starts_on', 'p.id'], direction: 'DESC', cursorOf: (p) => [p.startsOn, p.id] },
      page,
    );
  }

  /** Newest start first (dates as `YYYY-MM-DD`). */
  list(filter: ProjectFilter): Promise<ProjectEntity[]> {
    return this.db.getRepository(ProjectEntity).find({
      where: {
        ...(filter.id ? { id: filter.id } : {}),
        ...(filter.piId ? { piId: filter.piId } : {}),
        ...(filter.institutionId ? { institutionId: filter.institutionId } : {}),
      },
      order: { startsOn: 'DESC', id: 'ASC' },
    });
  }

  /** Which of the PI and the institution a registration names are unknown (field names). */
  async unknownSubjects(piId: string, institutionId: string): Promise<Array<'piId' | 'institutionId'>> {
    const [row]: Array<{ pi: boolean; inst: boolean }> = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1) AS pi, EXISTS (SELECT 1 FROM institutions WHERE id = $2) AS inst`,
      [piId, institutionId],
    );
    return [...(row.pi ? [] : (['piId'] as const)), ...(row.inst ? [] : (['institutionId'] as const))];
  }

  async insert(id: string, p: RegisterProjectInput): Promise<void> {
    await this.db.query(
      `INSERT INTO projects (id, program_code, title, summary, pi_id, institution_id, status, starts_on, ends_on, accepted_on, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        p.programCode,
        p.title,
        p.summary,
        p.piId,
        p.institutionId,
        p.status,
        p.startsOn,
        p.endsOn,
        p.acceptedOn,
        p.source,
      ],
    );
  }
}
