import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, assertMayManageAwards, formatShanghai, notFound, Page, PageQuery } from '@kjflow/domain';
import { AwardRepository } from '@kjflow/persistence';
import { AttachmentStorage } from '../attachments/attachment-storage';
import { objectionStatusLabel, objectionView, ObjectionView } from './award-views';
import { receiptMatches } from './objection-receipt';

const OBJECTION = { zh: '异议', en: 'Objection' };

/**
 * Reading objections: the staff investigating them read each with its evidence files; the objector
 * reads the state and answer of their own with the receipt given at filing.
 */
@Injectable()
export class ObjectionsQueryService {
  private readonly awards: AwardRepository;

  constructor(
    ds: DataSource,
    private readonly storage: AttachmentStorage,
  ) {
    this.awards = new AwardRepository(ds);
  }

  /** A page of the award's objections, in the order they were filed. */
  async page(id: string, page: PageQuery, actor: Actor): Promise<Page<ObjectionView>> {
    assertMayManageAwards(actor);
    const rows = await this.awards.pageOfObjections(id, page);
    const files = await this.awards.evidence(id);
    return { items: rows.items.map((o) => objectionView(id, o, files)), next: rows.next };
  }

  /** One objection as a command leaves it. */
  async one(id: string, objectionId: string): Promise<ObjectionView> {
    const o = await this.awards.objection(id, objectionId);
    if (!o) throw notFound(OBJECTION);
    return objectionView(id, o, await this.awards.evidence(id));
  }

  /** An evidence file, for the staff investigating the objection. */
  async evidenceFile(id: string, evidenceId: string, actor: Actor) {
    assertMayManageAwards(actor);
    const row = await this.awards.evidenceFile(id, evidenceId);
    if (!row) throw notFound({ zh: '异议证据', en: 'Evidence file' });
    return { row, stream: this.storage.open(row.sha256) };
  }

  /** Public: the receipt is the key. Unknown objection and wrong receipt answer alike. */
  async forObjector(id: string, objectionId: string, receipt: string) {
    const o = await this.awards.objection(id, objectionId);
    if (!o || !receiptMatches(o.receiptSha256, receipt)) throw notFound(OBJECTION);
    return {
      id: o.id,
      applicationId: o.applicationId,
      title: o.title,
      status: o.status,
      statusLabel: objectionStatusLabel(o.status),
      answer: o.answer,
      filedAtLocal: formatShanghai(o.filedAt),
      decidedAtLocal: o.decidedAt ? formatShanghai(o.decidedAt) : null,
    };
  }
}
