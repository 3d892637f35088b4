import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayReadAgreements,
  diffJson,
  formatShanghai,
  mayReadAgreement,
  notFound,
  PageQuery,
} from '@kjflow/domain';
import {
  AgreementFilter,
  AgreementRepository,
  AgreementRow,
  mapPage,
  ProjectRepository,
} from '@kjflow/persistence';
import { agreementListItemView, agreementView, AgreementView } from './agreement-views';

export const AGREEMENT = { zh: '任务书', en: 'Agreement' };

/**
 * Reading agreements: every one and an award's (staff and auditors), one agreement and its
 * versions (also the PI and the host institution; to anyone else it does not exist).
 */
@Injectable()
export class AgreementsQueryService {
  private readonly agreements: AgreementRepository;
  private readonly projects: ProjectRepository;

  constructor(ds: DataSource) {
    this.agreements = new AgreementRepository(ds);
    this.projects = new ProjectRepository(ds);
  }

  /** The bureau's list: every agreement, newest first, of one status, call or mode when given. */
  async page(filter: AgreementFilter, page: PageQuery, actor: Actor) {
    assertMayReadAgreements(actor);
    return mapPage(await this.agreements.page(filter, page), agreementListItemView);
  }

  async ofAward(awardId: string, page: PageQuery, actor: Actor) {
    assertMayReadAgreements(actor);
    const ids = await this.agreements.pageOfAward(awardId, page);
    return { items: await Promise.all(ids.items.map((id) => this.view(id))), next: ids.next };
  }

  async get(id: string, actor: Actor): Promise<AgreementView> {
    await this.readableRow(id, actor);
    return this.view(id);
  }

  /** A page of the versions of the terms, each with what changed from the one before. */
  async versions(id: string, actor: Actor, page: PageQuery) {
    await this.readableRow(id, actor);
    const rows = await this.agreements.pageOfVersions(id, page);
    // The version before the page's first, to say what that one changed.
    const first = rows.items[0];
    const before = first && first.version > 1 ? await this.agreements.version(id, first.version - 1) : null;
    return {
      items: rows.items.map((v, i) => {
        const previous = i === 0 ? before : rows.items[i - 1];
        return {
          version: v.version,
          note: v.note,
          revisedBy: v.revisedBy,
          revisedByName: v.revisedByName,
          createdAt: v.createdAt.toISOString(),
          createdAtLocal: formatShanghai(v.createdAt),
          changes: previous ? diffJson(previous.content, v.content) : [],
          content: v.content,
        };
      }),
      next: rows.next,
    };
  }

  /** The agreement if the actor may read it (else "not found", so ids cannot be probed). */
  async readableRow(id: string, actor: Actor): Promise<AgreementRow> {
    const a = await this.row(id);
    if (!mayReadAgreement(actor, { applicantId: a.applicantId, institutionId: a.institutionId }))
      throw notFound(AGREEMENT);
    return a;
  }

  /** The agreement as a command leaves it (the command service has checked who may act). */
  async view(id: string): Promise<AgreementView> {
    const a = await this.row(id);
    return agreementView(
      a,
      await this.agreements.signatures(id),
      await this.agreements.milestoneChecks(id),
      await this.agreements.installments(id),
      await this.projects.idOfAgreement(id),
    );
  }

  async row(id: string): Promise<AgreementRow> {
    const a = await this.agreements.find(id);
    if (!a) throw notFound(AGREEMENT);
    return a;
  }
}
