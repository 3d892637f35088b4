import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayRequestChange,
  changeAwaiting,
  ChangeView,
  gatedSubjectOf,
  mayReadChange,
  notFound,
  Page,
  PageQuery,
  PiCandidate,
} from '@kjflow/domain';
import {
  InstitutionRepository,
  mapPage,
  ProjectChangeEntity,
  ProjectChangeRepository,
  UserRepository,
} from '@kjflow/persistence';
import { ProjectsQueryService } from './projects-query.service';

const CHANGE = { zh: '变更申请', en: 'Change request' };

/** Change requests (变更申请) of a project, read by the project's readers and a new host of its own request. */
@Injectable()
export class ProjectChangesQueryService {
  private readonly changes: ProjectChangeRepository;
  private readonly users: UserRepository;
  private readonly institutions: InstitutionRepository;

  constructor(
    ds: DataSource,
    private readonly projects: ProjectsQueryService,
  ) {
    this.changes = new ProjectChangeRepository(ds);
    this.users = new UserRepository(ds);
    this.institutions = new InstitutionRepository(ds);
  }

  async page(projectId: string, page: PageQuery, actor: Actor): Promise<Page<ChangeView>> {
    const project = await this.projects.get(projectId, actor);
    const rows = await this.changes.page(projectId, page);
    return { ...rows, items: await this.views(rows.items, project.title) };
  }

  async get(projectId: string, changeId: string, actor: Actor): Promise<ChangeView> {
    const { project, row } = await this.readableWithProject(projectId, changeId, actor);
    return (await this.views([row], project.title))[0];
  }

  /** Whom the PI may name as the new PI: the applicants of the host institution but the PI. */
  async piCandidates(
    projectId: string,
    filter: { q?: string },
    page: PageQuery,
    actor: Actor,
  ): Promise<Page<PiCandidate>> {
    const project = await this.projects.get(projectId, actor);
    assertMayRequestChange(actor, project);
    const users = await this.users.page(
      { role: 'applicant', institutionId: project.institutionId, exceptId: project.piId, q: filter.q },
      page,
    );
    return mapPage(users, (u) => ({ id: u.id, displayName: u.displayName }));
  }

  /** The request, for its readers (the project's, and the new host of a change of host); else 404. */
  async readable(projectId: string, changeId: string, actor: Actor): Promise<ProjectChangeEntity> {
    return (await this.readableWithProject(projectId, changeId, actor)).row;
  }

  private async readableWithProject(projectId: string, changeId: string, actor: Actor) {
    const project = await this.projects.one(projectId);
    const row = project ? await this.changes.find(projectId, changeId) : null;
    if (!project || !row || !mayReadChange(actor, project, row)) throw notFound(CHANGE);
    return { project, row };
  }

  /** The request as its command left it (the caller was checked before the command). */
  async one(projectId: string, changeId: string): Promise<ChangeView> {
    const [project, row] = await Promise.all([
      this.projects.one(projectId),
      this.changes.find(projectId, changeId),
    ]);
    if (!project || !row) throw notFound(CHANGE);
    return (await this.views([row], project.title))[0];
  }

  /** The requests as read, each new PI or host named (one query for each kind of name). */
  private async views(rows: ProjectChangeEntity[], projectTitle: string): Promise<ChangeView[]> {
    const subjects = rows.map((r) => gatedSubjectOf(r.kind, r.detail));
    const ids = (type: 'person' | 'institution') => subjects.flatMap((s) => (s?.type === type ? [s.id] : []));
    const [people, institutions] = await Promise.all([
      this.users.byIds(ids('person')),
      this.institutions.byIds(ids('institution')),
    ]);
    const names = new Map<string, string>([
      ...people.map((u) => [u.id, u.displayName] as const),
      ...institutions.map((i) => [i.id, i.name] as const),
    ]);
    return rows.map((r, i) => {
      const subject = subjects[i];
      return toView(r, projectTitle, subject && { ...subject, name: names.get(subject.id) ?? null });
    });
  }
}

function toView(r: ProjectChangeEntity, projectTitle: string, subject: ChangeView['subject']): ChangeView {
  return {
    id: r.id,
    projectId: r.projectId,
    projectTitle,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    detail: r.detail,
    subject,
    steps: r.steps,
    awaiting: changeAwaiting({ status: r.status, steps: r.steps, decided: r.decisions.length }),
    decisions: r.decisions,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
    agreementVersion: r.agreementVersion,
    diff: r.diff,
  };
}
