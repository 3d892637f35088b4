import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertPrintable,
  DISPATCH_TARGET_KIND_LABELS,
  DispatchTargetKind,
  formatShanghai,
} from '@kjflow/domain';
import { AgreementRepository } from '@kjflow/persistence';
import { renderAgreementPdf } from './agreement-pdf';
import { AgreementsQueryService } from './agreements-query.service';

/** 打印任务书: the signed agreement as a printable PDF (CJK font embedded), for those who read it. */
@Injectable()
export class AgreementPrintQueryService {
  private readonly agreements: AgreementRepository;

  constructor(
    ds: DataSource,
    private readonly query: AgreementsQueryService,
  ) {
    this.agreements = new AgreementRepository(ds);
  }

  async pdf(id: string, actor: Actor): Promise<Buffer> {
    const a = await this.query.readableRow(id, actor);
    assertPrintable(a.status);
    const v = await this.query.view(id);
    const meta = await this.agreements.printMeta(id);
    const c = v.content as Record<string, any>;
    return renderAgreementPdf({
      id: v.id,
      title: c.title,
      callTitle: meta.call_title,
      institution: meta.institution,
      piName: c.pi?.name ?? meta.pi_name,
      amountFen: v.amountFen,
      objectives: c.objectives ?? '',
      indicators: c.indicators ?? [],
      milestones: c.milestones ?? [],
      installments: v.installments,
      performancePledge: c.performancePledge ?? null,
      race: c.race
        ? { midpointDate: c.race.midpointDate, teams: c.race.teams.map((t: { title: string }) => t.title) }
        : null,
      dispatch: c.dispatch
        ? {
            ...c.dispatch,
            targetKindLabel:
              DISPATCH_TARGET_KIND_LABELS[c.dispatch.targetKind as DispatchTargetKind]?.zh ?? '',
          }
        : null,
      version: v.version,
      signatures: v.signatures.map((s) => ({
        partyLabel: s.partyLabel,
        signerName: s.signedByName,
        signedAtLocal: s.signedAtLocal,
      })),
      signedAtLocal: v.signedAt ? formatShanghai(v.signedAt) : null,
    });
  }
}
