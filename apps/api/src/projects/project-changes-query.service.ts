import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, changeAwaiting, ChangeView, mayReadChange, notFound, Page, PageQuery } from '@kjflow/domain';
import { mapPage, ProjectChangeEntity, ProjectChangeRepository } from '@kjflow/persistence';
import { ProjectsQueryService } from './projects-query.service';

const CHANGE = { zh: '变更申请', en: 'Change request' };

/** Change requests (变更申请) of a project, read by the project's readers and a new host of its own request. */
@Injectable()
export class ProjectChangesQueryService {
  private readonly changes: ProjectChangeRepository;

  constructor(
    ds: DataSource,
    private readonly projects: ProjectsQueryService,
  ) {
    this.changes = new ProjectChangeRepository(ds);
  }

  async page(projectId: string, page: PageQuery, actor: Actor): Promise<Page<ChangeView>> {
    await this.projects.get(projectId, actor);
    return mapPage(await this.changes.page(projectId, page), toView);
  }

  async get(projectId: string, changeId: string, actor: Actor): Promise<ChangeView> {
    return toView(await this.readable(projectId, changeId, actor));
  }

  /** The request, for its readers (the project's, and the new host of a change of host); else 404. */
  async readable(projectId: string, changeId: string, actor: Actor): Promise<ProjectChangeEntity> {
    const project = await this.projects.one(projectId);
    const row = project ? await this.changes.find(projectId, changeId) : null;
    if (!project || !row || !mayReadChange(actor, project, row)) throw notFound(CHANGE);
    return row;
  }

  /** The request as its command left it (the caller was checked before the command). */
  async one(projectId: string, changeId: string): Promise<ChangeView> {
    const row = await this.changes.find(projectId, changeId);
    if (!row) throw notFound(CHANGE);
    return toView(row);
  }
}

function toView(r: ProjectChangeEntity): ChangeView {
  return {
    id: r.id,
    projectId: r.projectId,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    detail: r.detail,
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
