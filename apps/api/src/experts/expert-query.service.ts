import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayReadReview,
  ExpertListQuery,
  expertToRow,
  ExpertView,
  notFound,
  Page,
} from '@kjflow/domain';
import { ExpertEntity, ExpertFilter, ExpertRepository } from '@kjflow/persistence';
import { CreditService } from '../credit/credit.service';
import { expertsCsv, expertsXlsx } from './expert-files';

const EXPERT = { zh: '专家', en: 'Expert' };

/** Reading the expert pool (专家库): the list, one expert, one's own record, the export. */
@Injectable()
export class ExpertQueryService {
  private readonly experts: ExpertRepository;

  constructor(
    ds: DataSource,
    private readonly credit: CreditService,
  ) {
    this.experts = new ExpertRepository(ds);
  }

  async list(query: ExpertListQuery, actor: Actor): Promise<Page<ExpertView>> {
    assertMayReadReview(actor);
    const { limit, next, ...filter } = query;
    const page = await this.experts.page(filter, { limit, next });
    return { items: await this.views(page.items), next: page.next };
  }

  /** One expert (also the answer of every command, read after it is recorded). */
  async get(id: string): Promise<ExpertView> {
    const [view] = await this.views(await this.experts.list({ id }));
    if (!view) throw notFound(EXPERT);
    return view;
  }

  async one(id: string, actor: Actor): Promise<ExpertView> {
    assertMayReadReview(actor);
    return this.get(id);
  }

  /** The logged-in expert's own record. */
  async mine(actor: Actor): Promise<ExpertView> {
    const [view] = await this.views(await this.experts.list({ userId: actor.id } satisfies ExpertFilter));
    if (!view) throw notFound({ zh: '本人的专家库记录', en: 'Your expert record' });
    return view;
  }

  /** Every expert, in the import's columns. */
  async export(
    format: 'csv' | 'xlsx',
    actor: Actor,
  ): Promise<{ body: Buffer; mediaType: string; fileName: string }> {
    assertMayReadReview(actor);
    const rows = (await this.views(await this.experts.list())).map(expertToRow);
    const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    if (format === 'csv')
      return {
        body: expertsCsv(rows),
        mediaType: 'text/csv; charset=utf-8',
        fileName: `专家库-${stamp}.csv`,
      };
    return {
      body: await expertsXlsx(rows),
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: `专家库-${stamp}.xlsx`,
    };
  }

  private async views(rows: ExpertEntity[]): Promise<ExpertView[]> {
    const eligibility = await this.credit.expertEligibility(
      rows.map((r) => r.id),
      new Date(),
    );
    return rows.map((r) => {
      const decision = eligibility.get(r.id)!;
      return {
        id: r.id,
        externalRef: r.externalRef,
        name: r.name,
        title: r.title,
        organisation: r.organisation,
        institutionId: r.institutionId,
        organisationKey: r.organisationKey,
        keyFields: r.keyFields,
        keywords: r.keywords,
        region: r.region,
        finance: r.finance,
        available: r.available,
        loadCap: r.loadCap,
        relations: r.relations,
        declaredConflicts: r.declaredConflicts,
        phone: r.phone,
        email: r.email,
        userId: r.userId,
        eligible: decision.allowed,
        eligibilityReason: decision.reason,
        ineligibleUntil: decision.until,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      };
    });
  }
}
