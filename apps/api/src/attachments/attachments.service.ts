import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Client } from '@temporalio/client';
import {
  Actor,
  assertEditable,
  assertKnownDocument,
  ATTACHMENT_TYPES,
  AttachmentView,
  ETHICS_APPROVAL_DOCUMENT,
  notFound,
  OTHER_DOCUMENT,
  formatShanghai,
  workflowIds,
} from '@kjflow/domain';
import { AttachmentEntity, AttachmentRepository } from '@kjflow/persistence';
import { addAttachmentUpdate, removeAttachmentUpdate } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { ApplicationsQueryService } from '../applications/applications-query.service';
import { AttachmentStorage } from './attachment-storage';
import { commandId } from '../common/command-context';

const ATTACHMENT = { zh: '附件', en: 'Attachment' };

type AttachmentRow = AttachmentEntity;

/** Attachments of an application: who may upload, read and remove them, and what is required. */
@Injectable()
export class AttachmentsService {
  private readonly attachments: AttachmentRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly applications: ApplicationsQueryService,
    private readonly storage: AttachmentStorage,
  ) {
    this.attachments = new AttachmentRepository(ds);
  }

  async list(applicationId: string, actor: Actor) {
    const row = await this.applications.readableRow(applicationId, actor);
    const { required } = await this.applications.documentRules(row);
    const items = await this.rows(applicationId);
    const names = await this.documentNames(row);
    return {
      required: required.map((d) => ({
        ...d,
        present: items.some((i) => i.documentCode === d.code),
      })),
      items: items.map((i) => toView(i, names)),
    };
  }

  async upload(
    applicationId: string,
    query: { document: string; name: string },
    body: Readable,
    actor: Actor,
  ): Promise<AttachmentView> {
    const row = await this.applications.editableRow(applicationId, actor);
    assertEditable(row.status);
    const names = await this.documentNames(row);
    assertKnownDocument(query.document, [...names.keys()]);
    const { maxBytes } = await this.applications.documentRules(row);
    const stored = await this.storage.store(body, query.name, maxBytes);
    // The bytes stay in content-addressed storage; the row and its event are the workflow's.
    const id = commandId();
    await sendCommand(
      this.handle(applicationId),
      () => assertEditable(row.status),
      (h) =>
        h.executeUpdate(addAttachmentUpdate, {
          args: [
            {
              actorId: actor.id,
              attachmentId: id,
              document: query.document,
              fileName: query.name,
              mediaType: ATTACHMENT_TYPES[stored.type].mediaType,
              sizeBytes: stored.sizeBytes,
              sha256: stored.sha256,
            },
          ],
        }),
    );
    const added = await this.attachments.findLive(applicationId, id);
    if (!added) throw notFound(ATTACHMENT);
    return toView(added, names);
  }

  /** The file, for anyone who may read the application. */
  async download(applicationId: string, attachmentId: string, actor: Actor) {
    await this.applications.readableRow(applicationId, actor);
    const found = await this.attachments.findLive(applicationId, attachmentId);
    if (!found) throw notFound(ATTACHMENT);
    return { row: found, stream: this.storage.open(found.sha256) };
  }

  /** Only while the applicant may still edit; the row is marked, the submitted record stays traceable. */
  async remove(applicationId: string, attachmentId: string, actor: Actor): Promise<void> {
    const row = await this.applications.editableRow(applicationId, actor);
    assertEditable(row.status);
    const found = await this.attachments.findLive(applicationId, attachmentId);
    if (!found) throw notFound(ATTACHMENT);
    await sendCommand(
      this.handle(applicationId),
      () => assertEditable(row.status),
      (h) =>
        h.executeUpdate(removeAttachmentUpdate, {
          args: [{ actorId: actor.id, attachmentId, document: found.documentCode }],
        }),
    );
  }

  private rows(applicationId: string): Promise<AttachmentRow[]> {
    return this.attachments.live(applicationId);
  }

  private handle(applicationId: string) {
    return this.temporal.workflow.getHandle(workflowIds.application(applicationId));
  }

  /** Document codes accepted for this application: the template's, ethics approval and `other`. */
  private async documentNames(row: Parameters<ApplicationsQueryService['documentRules']>[0]) {
    const { templateDocuments } = await this.applications.documentRules(row);
    return new Map(
      [...templateDocuments, ETHICS_APPROVAL_DOCUMENT, OTHER_DOCUMENT].map((d) => [d.code, d.name] as const),
    );
  }
}

function toView(r: AttachmentRow, names: Map<string, { zh: string; en: string }>): AttachmentView {
  return {
    id: r.id,
    // Found through its application, so it has one.
    applicationId: r.applicationId!,
    document: r.documentCode,
    documentName: names.get(r.documentCode) ?? OTHER_DOCUMENT.name,
    name: r.fileName,
    mediaType: r.mediaType,
    sizeBytes: r.sizeBytes,
    sha256: r.sha256,
    uploadedBy: r.uploadedBy,
    uploadedAt: r.uploadedAt.toISOString(),
    uploadedAtLocal: formatShanghai(r.uploadedAt),
  };
}
