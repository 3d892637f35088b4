import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayReadOutcomes,
  mayReadOutcome,
  notFound,
  OutcomeView,
  Page,
  PageQuery,
  PlanIndicatorView,
} from '@kjflow/domain';
import { mapPage, OutcomeFilter, OutcomeRepository, OutcomeRow } from '@kjflow/persistence';
import { ProjectsQueryService } from '../projects/projects-query.service';
import { outcomeView, planIndicatorView } from './outcome-views';

export const OUTCOME = { zh: '成果', en: 'Outcome' };

/** Reading outcomes: one (readers of its project), a project's, every outcome (staff, auditors). */
@Injectable()
export class OutcomesQueryService {
  private readonly outcomes: OutcomeRepository;

  constructor(
    ds: DataSource,
    private readonly projects: ProjectsQueryService,
  ) {
    this.outcomes = new OutcomeRepository(ds);
  }

  /** One outcome, to whoever may read its project (others: 404, as if it did not exist). */
  async get(id: string, actor: Actor): Promise<OutcomeView> {
    return outcomeView(await this.row(id, actor));
  }

  /** The record, checked as `get` checks it (the command services start from it). */
  async row(id: string, actor: Actor): Promise<OutcomeRow> {
    const row = await this.outcomes.get(id);
    if (!row || !mayReadOutcome(actor, row)) throw notFound(OUTCOME);
    return row;
  }

  /** A command's answer: the command service has checked who may act. */
  async one(id: string): Promise<OutcomeView> {
    const row = await this.outcomes.get(id);
    if (!row) throw notFound(OUTCOME);
    return outcomeView(row);
  }

  /** A project's outcomes, to whoever may read the project. */
  async ofProject(projectId: string, page: PageQuery, actor: Actor): Promise<Page<OutcomeView>> {
    await this.projects.get(projectId, actor);
    return mapPage(await this.outcomes.page({ projectId }, page), outcomeView);
  }

  async page(filter: OutcomeFilter, page: PageQuery, actor: Actor): Promise<Page<OutcomeView>> {
    assertMayReadOutcomes(actor);
    return mapPage(await this.outcomes.page(filter, page), outcomeView);
  }

  /** The plan's indicators, public: what the bureau measures itself against. */
  async planIndicators(): Promise<PlanIndicatorView[]> {
    return (await this.outcomes.planIndicators()).map(planIndicatorView);
  }
}
