import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, HonestFailurePhase, HonestFailureView, ProjectView } from '@kjflow/domain';
import { HonestFailureRepository } from '@kjflow/persistence';
import { ProjectsQueryService } from './projects-query.service';

/** 容错 on a project (issue 16 §2), read from the records by the project's readers. */
@Injectable()
export class HonestFailureQueryService {
  private readonly rows: HonestFailureRepository;

  constructor(
    ds: DataSource,
    private readonly projects: ProjectsQueryService,
  ) {
    this.rows = new HonestFailureRepository(ds);
  }

  /** The request's phase and round as the domain rules read them (null before a request). */
  async current(id: string): Promise<{ phase: HonestFailurePhase; round: number } | null> {
    const h = await this.rows.current(id);
    return h ? { phase: h.phase as HonestFailurePhase, round: h.round } : null;
  }

  /** The request as it stands, to the project's readers (others: 404). */
  async get(id: string, actor: Actor): Promise<HonestFailureView> {
    const p = await this.projects.get(id, actor);
    return this.view(p);
  }

  /** The request of project `p` (its reader was checked). */
  async view(p: ProjectView): Promise<HonestFailureView> {
    const h = await this.rows.current(p.id);
    return {
      projectId: p.id,
      riskProfile: p.riskProfile,
      phase: (h?.phase as HonestFailurePhase) ?? null,
      round: h?.round ?? 0,
      request: h
        ? {
            originalRecordIds: h.originalRecordIds,
            diligenceStatement: h.diligenceStatement,
            requestedBy: h.requestedBy,
            requestedAt: h.requestedAt.toISOString(),
          }
        : null,
      confirmation:
        h?.institutionOpinion != null && h.confirmedBy && h.confirmedAt
          ? {
              opinion: h.institutionOpinion,
              confirmed: h.institutionConfirmed ?? false,
              confirmedBy: h.confirmedBy,
              confirmedAt: h.confirmedAt.toISOString(),
            }
          : null,
      expertConfirmation:
        h?.experts && h.expertOpinion !== null && h.decidedBy && h.decidedAt
          ? {
              experts: h.experts,
              opinion: h.expertOpinion,
              diligenceConfirmed: h.diligenceConfirmed ?? false,
              recordedBy: h.decidedBy,
              recordedAt: h.decidedAt.toISOString(),
            }
          : null,
      creditRecordId: h?.phase === 'closed' ? await this.rows.creditRecordId(p.id) : null,
    };
  }
}
