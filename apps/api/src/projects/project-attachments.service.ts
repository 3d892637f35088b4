import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Client } from '@temporalio/client';
import {
  Actor,
  assertMayAddProjectAttachment,
  assertProjectTakesReports,
  ATTACHMENT_TYPES,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  formatShanghai,
  notFound,
  ProjectAttachmentView,
  workflowIds,
} from '@kjflow/domain';
import { AttachmentEntity, AttachmentRepository } from '@kjflow/persistence';
import { addProjectAttachmentUpdate } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { AttachmentStorage } from '../attachments/attachment-storage';
import { ProjectsQueryService } from './projects-query.service';
import { commandId } from '../common/command-context';

const ATTACHMENT = { zh: '附件', en: 'Attachment' };

/**
 * A project's attachments (evidence its progress reports cite): the PI and the host institution
 * upload, the project's readers list and download. The bytes go to the content-addressed store;
 * the row and its event are the project workflow's.
 */
@Injectable()
export class ProjectAttachmentsService {
  private readonly attachments: AttachmentRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly projects: ProjectsQueryService,
    private readonly storage: AttachmentStorage,
  ) {
    this.attachments = new AttachmentRepository(ds);
  }

  async list(projectId: string, actor: Actor): Promise<ProjectAttachmentView[]> {
    await this.projects.get(projectId, actor);
    return (await this.attachments.ofProject(projectId)).map(toView);
  }

  async upload(
    projectId: string,
    query: { name: string },
    body: Readable,
    actor: Actor,
  ): Promise<ProjectAttachmentView> {
    const project = await this.projects.get(projectId, actor);
    assertMayAddProjectAttachment(actor, project);
    assertProjectTakesReports(project.status);
    // Projects carry no per-program limit of their own yet: the store's default applies.
    const stored = await this.storage.store(body, query.name, DEFAULT_ATTACHMENT_MAX_BYTES);
    const attachmentId = commandId();
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.project(projectId)),
      () => assertProjectTakesReports(project.status),
      (h) =>
        h.executeUpdate(addProjectAttachmentUpdate, {
          args: [
            {
              actorId: actor.id,
              attachmentId,
              fileName: query.name,
              mediaType: ATTACHMENT_TYPES[stored.type].mediaType,
              sizeBytes: stored.sizeBytes,
              sha256: stored.sha256,
            },
          ],
        }),
    );
    const [added] = await this.attachments.citable(projectId, [attachmentId]);
    if (!added) throw notFound(ATTACHMENT);
    return toView(added);
  }

  /** The file of the project or its application, for anyone who may read the project (its reports cite it). */
  async download(projectId: string, attachmentId: string, actor: Actor) {
    await this.projects.get(projectId, actor);
    const [found] = await this.attachments.citable(projectId, [attachmentId]);
    if (!found) throw notFound(ATTACHMENT);
    return { row: found, stream: this.storage.open(found.sha256) };
  }
}

function toView(r: AttachmentEntity): ProjectAttachmentView {
  return {
    id: r.id,
    // Only the project's own files are listed or answered on upload.
    projectId: r.projectId!,
    name: r.fileName,
    mediaType: r.mediaType,
    sizeBytes: r.sizeBytes,
    sha256: r.sha256,
    uploadedBy: r.uploadedBy,
    uploadedAt: r.uploadedAt.toISOString(),
    uploadedAtLocal: formatShanghai(r.uploadedAt),
  };
}
