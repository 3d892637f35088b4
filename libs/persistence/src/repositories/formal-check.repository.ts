import { DataSource, EntityManager, In, Not } from 'typeorm';
import { ApplicationEntity } from '../entities/application.entity';
import { InstitutionEntity } from '../entities/institution.entity';

/** A registered project of a PI or an institution, as the formal-check rules read it (dates as YYYY-MM-DD). */
export interface ProjectFact {
  id: string;
  title: string;
  summary: string;
  programCode: string;
  status: string;
  piId: string;
  startsOn: string;
  endsOn: string;
}

/** The facts the formal-check rules are run on, beside the application itself (read only). */
export class FormalCheckRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The PI's other applications in the call that reached the bureau (限项 within a call). */
  otherSubmittedInCall(callId: string, applicantId: string, exceptId: string): Promise<number> {
    return this.db.getRepository(ApplicationEntity).countBy({
      callId,
      applicantId,
      id: Not(exceptId),
      status: In(['submitted', 'formal_check_passed']),
    });
  }

  /** The PI's other live applications (candidates for duplicates). */
  async otherLiveApplications(
    applicantId: string,
    exceptId: string,
  ): Promise<Array<{ id: string; title: string; summary: string | null }>> {
    return this.db
      .getRepository(ApplicationEntity)
      .createQueryBuilder('a')
      .select('a.id', 'id')
      .addSelect(`a.content->>'title'`, 'title')
      .addSelect(`a.content->>'summary'`, 'summary')
      .where('a.applicant_id = :applicantId', { applicantId })
      .andWhere('a.id <> :exceptId', { exceptId })
      .andWhere(`a.status NOT IN ('lapsed', 'rejected')`)
      .getRawMany();
  }

  /** Projects led by the PI or held by the institution. */
  async projectsOf(piId: string, institutionId: string | null): Promise<ProjectFact[]> {
    return this.db
      .createQueryBuilder()
      .select('p.id', 'id')
      .addSelect('p.title', 'title')
      .addSelect('p.summary', 'summary')
      .addSelect('p.program_code', 'programCode')
      .addSelect('p.status', 'status')
      .addSelect('p.pi_id', 'piId')
      .addSelect(`to_char(p.starts_on, 'YYYY-MM-DD')`, 'startsOn')
      .addSelect(`to_char(p.ends_on, 'YYYY-MM-DD')`, 'endsOn')
      .from('projects', 'p')
      .where('p.pi_id = :piId OR p.institution_id = :institutionId', { piId, institutionId })
      .getRawMany<ProjectFact>();
  }

  institution(id: string | null): Promise<InstitutionEntity | null> {
    return id ? this.db.getRepository(InstitutionEntity).findOneBy({ id }) : Promise.resolve(null);
  }
}
