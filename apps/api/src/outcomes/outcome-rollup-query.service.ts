import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayReadOutcomes,
  commissionerIndicatorCodes,
  keyFieldLabel,
  OUTCOME_TYPE_LABELS,
  OutcomeType,
  Plan,
  PlanIndicatorView,
  ROLLUP_DIMENSIONS,
  RollupDimension,
  RollupView,
  yuanDecimal,
} from '@kjflow/domain';
import { OutcomeRepository } from '@kjflow/persistence';
import { SheetSpec, workbook } from '../common/xlsx';
import { indicatorRowView, planIndicatorView } from './outcome-views';

const SHEET_NAMES: Record<RollupDimension, string> = {
  indicator: '按指标 By indicator',
  field: '按领域 By key field',
  county: '按县区 By county',
  program: '按计划 By program',
  year: '按年度 By year',
};
const KEY_HEADERS: Record<RollupDimension, string> = {
  indicator: '—',
  field: '重点产业领域 Key field',
  county: '县（市、区）County',
  program: '科技计划 Program',
  year: '年度 Year',
};

/**
 * Outcomes against the plan's indicators (issue 16 §3): the sums are PostgreSQL's (GROUP BY in the
 * repository: verified outcomes, within each indicator's period); here each number gets its
 * indicator's unit, target and share, and the .xlsx report lays the same numbers out per sheet.
 */
@Injectable()
export class OutcomeRollupQueryService {
  private readonly outcomes: OutcomeRepository;

  constructor(ds: DataSource) {
    this.outcomes = new OutcomeRepository(ds);
  }

  async rollup(by: RollupDimension, plan: Plan | undefined, actor: Actor): Promise<RollupView> {
    assertMayReadOutcomes(actor);
    return this.build(by, plan);
  }

  private async build(by: RollupDimension, plan: Plan | undefined): Promise<RollupView> {
    const [all, rows, commissioner, types, services] = await Promise.all([
      this.outcomes.planIndicators(),
      this.outcomes.rollupIndicators(by, plan),
      // 科技特派员: dispatches and service logs count for their own indicators (issue 16 §4).
      this.outcomes.rollupCommissionerIndicators(
        by,
        commissionerIndicatorCodes('dispatches'),
        commissionerIndicatorCodes('people_trained'),
        plan,
      ),
      this.outcomes.rollupTypes(by),
      this.outcomes.rollupServices(by),
    ]);
    const indicators = all.map(planIndicatorView).filter((i) => !plan || i.plan === plan);
    const meta = new Map<string, PlanIndicatorView>(indicators.map((i) => [i.code, i]));
    let shown = withinKeys(rows, commissioner).map((r) => indicatorRowView(r, meta.get(r.indicatorCode)!));
    // Per indicator, every indicator of the plans is listed, those no verified outcome reached with 0.
    if (by === 'indicator') {
      const reached = new Map(shown.map((r) => [r.indicatorCode, r]));
      shown = indicators.map(
        (i) =>
          reached.get(i.code) ??
          indicatorRowView(
            { key: null, indicatorCode: i.code, value: 0, outcomes: 0, projectCount: 0, projects: [] },
            i,
          ),
      );
    }
    return {
      by,
      indicators: shown,
      types: types.map((t) => ({
        ...t,
        type: t.type as OutcomeType,
        typeLabel: OUTCOME_TYPE_LABELS[t.type as OutcomeType],
      })),
      services,
    };
  }

  /** 成果统计: one sheet per dimension with the indicators, and the outcome types per dimension. */
  async xlsx(plan: Plan | undefined, actor: Actor): Promise<Buffer> {
    assertMayReadOutcomes(actor);
    const sheets: SheetSpec[] = [];
    const typeRows: SheetSpec['rows'] = [];
    const serviceRows: SheetSpec['rows'] = [];
    for (const by of ROLLUP_DIMENSIONS) {
      const view = await this.build(by, plan);
      const label = (key: string | null) => keyLabel(by, key);
      sheets.push({
        name: SHEET_NAMES[by],
        columns: [
          ...(by === 'indicator' ? [] : [{ header: KEY_HEADERS[by], key: 'key', width: 22 }]),
          { header: '指标代码 Code', key: 'code', width: 30 },
          { header: '指标 Indicator', key: 'indicator', width: 40 },
          { header: '单位 Unit', key: 'unit', width: 8 },
          { header: '基期值 Baseline', key: 'baseline', width: 12 },
          { header: '目标值 Target', key: 'target', width: 12 },
          { header: '完成值 Achieved', key: 'valueInUnit', width: 16 },
          { header: '占目标 % of target', key: 'percent', width: 14 },
          { header: '成果数 Outcomes', key: 'outcomes', width: 12 },
          { header: '项目数 Projects', key: 'projectCount', width: 12 },
          { header: '项目 The projects', key: 'projects', width: 60 },
        ],
        rows: view.indicators.map((r) => ({
          key: label(r.key),
          code: r.indicatorCode,
          indicator: r.indicator,
          unit: r.unit,
          baseline: r.baseline,
          target: r.target,
          // As text when money: the sheet shows the exact amount, never a float.
          valueInUnit: r.measure === 'amount_fen' ? r.valueInUnit : r.value,
          percent: r.percentOfTarget,
          outcomes: r.outcomes,
          projectCount: r.projectCount,
          projects: r.projects.map((p) => p.title).join('；'),
        })),
      });
      for (const r of view.services)
        serviceRows.push({
          ...r,
          by: SHEET_NAMES[by],
          key: label(r.key),
          projects: r.projects.map((p) => p.title).join('；'),
        });
      for (const t of view.types)
        typeRows.push({
          by: SHEET_NAMES[by],
          key: label(t.key),
          type: `${t.typeLabel.zh} ${t.typeLabel.en}`,
          outcomes: t.outcomes,
          count: t.count,
          yuan: yuanDecimal(t.amountFen),
          projectCount: t.projectCount,
          projects: t.projects.map((p) => p.title).join('；'),
        });
    }
    sheets.push({
      name: '科技特派员 Commissioners',
      columns: [
        { header: '维度 Split', key: 'by', width: 22 },
        { header: '分组 Group', key: 'key', width: 22 },
        { header: '选派人次 Dispatched', key: 'dispatches', width: 12 },
        { header: '服务日志 Service logs', key: 'serviceLogs', width: 12 },
        { header: '下乡服务 Visits', key: 'visits', width: 12 },
        { header: '培训期数 Sessions', key: 'trainingSessions', width: 12 },
        { header: '培训人次 People trained', key: 'peopleTrained', width: 14 },
        { header: '推广技术 Technologies', key: 'technologies', width: 12 },
        { header: '解决难题 Problems solved', key: 'problemsSolved', width: 12 },
        { header: '项目数 Projects', key: 'projectCount', width: 12 },
        { header: '项目 The projects', key: 'projects', width: 60 },
      ],
      rows: serviceRows,
    });
    sheets.push({
      name: '成果类型 Types',
      columns: [
        { header: '维度 Split', key: 'by', width: 22 },
        { header: '分组 Group', key: 'key', width: 22 },
        { header: '成果类型 Type', key: 'type', width: 36 },
        { header: '成果数 Outcomes', key: 'outcomes', width: 12 },
        { header: '人数或件数 Count', key: 'count', width: 14 },
        { header: '金额（元）Amount (yuan)', key: 'yuan', width: 18 },
        { header: '项目数 Projects', key: 'projectCount', width: 12 },
        { header: '项目 The projects', key: 'projects', width: 60 },
      ],
      rows: typeRows,
    });
    return workbook(sheets);
  }
}

/** A group's key as a reader knows it: the key field's name, the county, the program code, the year. */
function keyLabel(by: RollupDimension, key: string | null): string {
  if (key === null) return by === 'indicator' ? '' : '（未填）';
  if (by === 'field') return keyFieldLabel(key)?.zh ?? key;
  return key;
}

/**
 * The commissioner rows placed after the outcome rows of their group (both come ordered by group
 * and indicator from PostgreSQL); groups only commissioners reached follow in their own order.
 */
function withinKeys<R extends { key: string | null }>(outcomes: R[], commissioner: R[]): R[] {
  const out: R[] = [];
  const pending = [...commissioner];
  const take = (key: string | null) => {
    for (let k = pending.findIndex((r) => r.key === key); k >= 0; k = pending.findIndex((r) => r.key === key))
      out.push(...pending.splice(k, 1));
  };
  outcomes.forEach((r, k) => {
    out.push(r);
    if (outcomes[k + 1]?.key !== r.key) take(r.key);
  });
  return [...out, ...pending];
}
