import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, DomainError, ProjectView, RegisterProjectInput, shanghaiDate } from '@kjflow/domain';
import { appendWithChange } from '@kjflow/persistence';

interface ProjectRow {
  id: string;
  program_code: string;
  title: string;
  summary: string;
  pi_id: string;
  institution_id: string;
  status: ProjectView['status'];
  starts_on: string;
  ends_on: string;
  accepted_on: string | null;
  source: string;
}

@Injectable()
export class ProjectsService {
  constructor(private readonly ds: DataSource) {}

  async register(input: RegisterProjectInput, actor: Actor): Promise<ProjectView> {
    const [pi] = await this.ds.query(`SELECT 1 FROM users WHERE id = $1`, [input.piId]);
    const [inst] = await this.ds.query(`SELECT 1 FROM institutions WHERE id = $1`, [input.institutionId]);
    const unknown = [...(pi ? [] : ['piId']), ...(inst ? [] : ['institutionId'])];
    if (unknown.length) {
      const message = { zh: '主体不存在', en: 'Unknown subject' };
      throw new DomainError(
        'validation_failed',
        message,
        unknown.map((path) => ({ path, message })),
      );
    }
    const id = randomUUID();
    await appendWithChange(
      this.ds,
      {
        type: 'project.registered',
        subjectType: 'project',
        subjectId: id,
        actorId: actor.id,
        payload: { ...input },
        workflowId: `project-${id}`,
        step: 'registered',
        occurredAt: new Date(),
      },
      (tx) =>
        tx.query(
          `INSERT INTO projects (id, program_code, title, summary, pi_id, institution_id, status, starts_on, ends_on, accepted_on, source)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            id,
            input.programCode,
            input.title,
            input.summary,
            input.piId,
            input.institutionId,
            input.status,
            input.startsOn,
            input.endsOn,
            input.acceptedOn,
            input.source,
          ],
        ),
    );
    return (await this.list({ id }))[0];
  }

  async list(filter: { id?: string; piId?: string; institutionId?: string }): Promise<ProjectView[]> {
    const rows: ProjectRow[] = await this.ds.query(
      `SELECT id, program_code, title, summary, pi_id, institution_id, status, source,
              to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
              to_char(accepted_on, 'YYYY-MM-DD') AS accepted_on
         FROM projects
        WHERE ($1::uuid IS NULL OR id = $1) AND ($2::uuid IS NULL OR pi_id = $2)
          AND ($3::uuid IS NULL OR institution_id = $3)
        ORDER BY starts_on DESC, id`,
      [filter.id ?? null, filter.piId ?? null, filter.institutionId ?? null],
    );
    const today = shanghaiDate(new Date());
    return rows.map((r) => ({
      id: r.id,
      programCode: r.program_code,
      title: r.title,
      summary: r.summary,
      piId: r.pi_id,
      institutionId: r.institution_id,
      status: r.status,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      acceptedOn: r.accepted_on,
      overdue: r.status === 'ongoing' && r.ends_on < today,
      source: r.source,
    }));
  }
}
