import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertEditable,
  ATTACHMENT_TYPES,
  AttachmentView,
  DomainError,
  ETHICS_APPROVAL_DOCUMENT,
  notFound,
  OTHER_DOCUMENT,
  formatShanghai,
} from '@kjflow/domain';
import { appendWithChange } from '@kjflow/persistence';
import { ApplicationsService } from '../applications/applications.service';
import { AttachmentStorage } from './attachment-storage';

const ATTACHMENT = { zh: '附件', en: 'Attachment' };

interface AttachmentRow {
  id: string;
  application_id: string;
  document_code: string;
  file_name: string;
  media_type: string;
  size_bytes: string;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Date;
}

/** Attachments of an application: who may upload, read and remove them, and what is required. */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly applications: ApplicationsService,
    private readonly storage: AttachmentStorage,
  ) {}

  async list(applicationId: string, actor: Actor) {
    const row = await this.applications.readableRow(applicationId, actor);
    const { required } = await this.applications.documentRules(row);
    const items = await this.rows(applicationId);
    const names = await this.documentNames(row);
    return {
      required: required.map((d) => ({
        ...d,
        present: items.some((i) => i.document_code === d.code),
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
    if (!names.has(query.document)) {
      const message = {
        zh: `材料代码“${query.document}”不在本计划的附件清单中（可用：${[...names.keys()].join('、')}）`,
        en: `“${query.document}” is not a document of this program (use one of: ${[...names.keys()].join(', ')})`,
      };
      throw new DomainError('validation_failed', message, [{ path: 'document', message }]);
    }
    const { maxBytes } = await this.applications.documentRules(row);
    const stored = await this.storage.store(body, query.name, maxBytes);
    const id = randomUUID();
    const at = new Date();
    await appendWithChange(
      this.ds,
      {
        type: 'application.attachment_added',
        subjectType: 'application',
        subjectId: applicationId,
        actorId: actor.id,
        payload: {
          attachmentId: id,
          document: query.document,
          sha256: stored.sha256,
          sizeBytes: stored.sizeBytes,
        },
        workflowId: `attachments-${applicationId}`,
        step: `added:${id}`,
        occurredAt: at,
      },
      (tx) =>
        tx.query(
          `INSERT INTO attachments (id, application_id, document_code, file_name, media_type, size_bytes, sha256, uploaded_by, uploaded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            id,
            applicationId,
            query.document,
            query.name,
            ATTACHMENT_TYPES[stored.type].mediaType,
            stored.sizeBytes,
            stored.sha256,
            actor.id,
            at,
          ],
        ),
    );
    return toView(
      (await this.rows(applicationId)).find((r) => r.id === id)!,
      names,
    );
  }

  /** The file, for anyone who may read the application. */
  async download(applicationId: string, attachmentId: string, actor: Actor) {
    await this.applications.readableRow(applicationId, actor);
    const found = (await this.rows(applicationId)).find((r) => r.id === attachmentId);
    if (!found) throw notFound(ATTACHMENT);
    return { row: found, stream: this.storage.open(found.sha256) };
  }

  /** Only while the applicant may still edit; the row is marked, the submitted record stays traceable. */
  async remove(applicationId: string, attachmentId: string, actor: Actor): Promise<void> {
    const row = await this.applications.editableRow(applicationId, actor);
    assertEditable(row.status);
    const found = (await this.rows(applicationId)).find((r) => r.id === attachmentId);
    if (!found) throw notFound(ATTACHMENT);
    const at = new Date();
    await appendWithChange(
      this.ds,
      {
        type: 'application.attachment_removed',
        subjectType: 'application',
        subjectId: applicationId,
        actorId: actor.id,
        payload: { attachmentId, document: found.document_code },
        workflowId: `attachments-${applicationId}`,
        step: `removed:${attachmentId}`,
        occurredAt: at,
      },
      (tx) =>
        tx.query(`UPDATE attachments SET removed_at = $2, removed_by = $3 WHERE id = $1`, [
          attachmentId,
          at,
          actor.id,
        ]),
    );
  }

  private rows(applicationId: string): Promise<AttachmentRow[]> {
    return this.ds.query(
      `SELECT * FROM attachments WHERE application_id = $1 AND removed_at IS NULL ORDER BY uploaded_at, id`,
      [applicationId],
    );
  }

  /** Document codes accepted for this application: the template's, ethics approval and `other`. */
  private async documentNames(row: Parameters<ApplicationsService['documentRules']>[0]) {
    const { templateDocuments } = await this.applications.documentRules(row);
    return new Map(
      [...templateDocuments, ETHICS_APPROVAL_DOCUMENT, OTHER_DOCUMENT].map((d) => [d.code, d.name] as const),
    );
  }
}

function toView(r: AttachmentRow, names: Map<string, { zh: string; en: string }>): AttachmentView {
  return {
    id: r.id,
    applicationId: r.application_id,
    document: r.document_code,
    documentName: names.get(r.document_code) ?? OTHER_DOCUMENT.name,
    name: r.file_name,
    mediaType: r.media_type,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at.toISOString(),
    uploadedAtLocal: formatShanghai(r.uploaded_at),
  };
}
