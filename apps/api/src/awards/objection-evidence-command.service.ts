import { Inject, Injectable } from '@nestjs/common';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { Client } from '@temporalio/client';
import {
  assertNoticeOpen,
  ATTACHMENT_TYPES,
  notFound,
  OBJECTION_EVIDENCE_MAX_BYTES,
  workflowIds,
} from '@kjflow/domain';
import { addEvidenceUpdate } from '@kjflow/workflows';
import { AttachmentStorage } from '../attachments/attachment-storage';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { AwardsQueryService } from './awards-query.service';
import { commandId } from '../common/command-context';

/** Reads a refused upload to its end, so the client gets the answer rather than a reset. */
async function drain(body: Readable): Promise<void> {
  if (body.readableEnded) return;
  body.resume();
  await once(body, 'end');
}

/**
 * 异议证据 (public, no login): a file uploaded while the notice runs (type from its first bytes, at
 * most OBJECTION_EVIDENCE_MAX_BYTES); the objection then names it by the returned id.
 */
@Injectable()
export class ObjectionEvidenceCommandService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly awards: AwardsQueryService,
    private readonly storage: AttachmentStorage,
  ) {}

  async upload(id: string, name: string, body: Readable) {
    try {
      const a = await this.awards.row(id);
      if (!['in_notice', 'final'].includes(a.status) || !a.noticeStart || !a.noticeEnd)
        throw notFound({ zh: '公示', en: 'Public notice' });
      assertNoticeOpen({ start: a.noticeStart, end: a.noticeEnd }, Date.now());
    } catch (err) {
      await drain(body);
      throw err;
    }
    const stored = await this.storage.store(body, name, OBJECTION_EVIDENCE_MAX_BYTES);
    const evidenceId = commandId();
    const mediaType = ATTACHMENT_TYPES[stored.type].mediaType;
    // Recorded by the award's workflow, which decides on its clock whether the notice still runs.
    await this.temporal.workflow.getHandle(workflowIds.award(id)).executeUpdate(addEvidenceUpdate, {
      args: [{ evidenceId, name, mediaType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 }],
    });
    return { id: evidenceId, name, mediaType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 };
  }
}
