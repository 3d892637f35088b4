import { Descriptions, Table, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { BUDGET_CATEGORIES, type BudgetCategory } from '../lib/budget';
import { fenToYuan } from '../lib/money';
import { formatTime } from '../lib/time';
import { AttachmentLinks } from './AttachmentLinks';
import { StatusTag } from './StatusTag';

// What a project's parties sent, as each reader sees it: a progress report (or a commissioner's
// service log), the acceptance dossier, the mid-term statement and what a change request asks for.
// Read defensively: the API hands the content as it was submitted (a record of the schema's fields).

type Rec = Record<string, unknown>;
const list = <T,>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);
const num = (v: unknown) => (typeof v === 'number' ? v : null);

/** A small table of rows under its own heading (h3: these sit in a page's h2 cards). */
function Rows<T extends object>({
  title,
  rows,
  columns,
}: {
  title: string;
  rows: T[];
  columns: Array<{ title: string; render: (r: T) => ReactNode }>;
}) {
  if (!rows.length) return null;
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 14, marginTop: 12 }}>
        {title}
      </Typography.Title>
      <Table<{ key: number; row: T }>
        size="small"
        pagination={false}
        dataSource={rows.map((row, key) => ({ key, row }))}
        columns={columns.map((c, i) => ({ key: i, title: c.title, render: (_, r) => c.render(r.row) }))}
      />
    </>
  );
}

/** A budget category's name in the user's language (a spending row's category, read-only). */
export function useBudgetCategoryLabel(): (v: unknown) => string {
  const { t } = useI18n();
  return (v) => (BUDGET_CATEGORIES.includes(v as BudgetCategory) ? t(`budget.${v as BudgetCategory}`) : '—');
}

/** Indicators planned vs achieved (a report's, or the dossier's with its evidence). */
function Indicators({ title, rows, evidence }: { title: string; rows: Rec[]; evidence?: boolean }) {
  const { t } = useI18n();
  return (
    <Rows
      title={title}
      rows={rows}
      columns={[
        { title: t('exec.indicator.name'), render: (r) => String(r.name ?? '') },
        {
          title: t('exec.indicator.target'),
          render: (r) => `${num(r.target) ?? '—'} ${String(r.unit ?? '')}`,
        },
        {
          title: t('exec.indicator.achieved'),
          render: (r) => `${num(r.achieved) ?? '—'} ${String(r.unit ?? '')}`,
        },
        ...(evidence
          ? [{ title: t('exec.acceptance.evidence'), render: (r: Rec) => String(r.evidence ?? '') }]
          : []),
      ]}
    />
  );
}

/** Spending by category against the plan, in yuan. */
function Spending({ title, rows }: { title: string; rows: Rec[] }) {
  const { t } = useI18n();
  const category = useBudgetCategoryLabel();
  return (
    <Rows
      title={title}
      rows={rows}
      columns={[
        { title: t('exec.spending.category'), render: (r) => category(r.category) },
        { title: t('exec.spending.planned'), render: (r) => fenToYuan(num(r.plannedFen)) },
        { title: t('exec.spending.spent'), render: (r) => fenToYuan(num(r.spentFen)) },
      ]}
    />
  );
}

/** The files cited, as downloads where the project is known, else as their count. */
function Files({ projectId, ids }: { projectId?: string; ids: string[] }) {
  const { t } = useI18n();
  return projectId ? (
    <AttachmentLinks projectId={projectId} ids={ids} />
  ) : (
    t('decision.attachments', { n: ids.length })
  );
}

/** A progress report's version as sent (or a service log), with its tables; its files are downloads under `projectId`. */
export function ReportContent({ content, projectId }: { content: Rec; projectId?: string }) {
  const { t } = useI18n();
  const attachments = list<string>(content.attachmentIds);
  return (
    <div data-testid="report-content">
      <Descriptions bordered size="small" column={1}>
        {text(content.progress) && (
          <Descriptions.Item label={t('exec.report.progress')}>{text(content.progress)}</Descriptions.Item>
        )}
        {text(content.summary) && (
          <Descriptions.Item label={t('exec.log.summary')}>{text(content.summary)}</Descriptions.Item>
        )}
        {text(content.problems) && (
          <Descriptions.Item label={t('exec.report.problems')}>{text(content.problems)}</Descriptions.Item>
        )}
        {text(content.outcomes) && (
          <Descriptions.Item label={t('exec.report.outcomes')}>{text(content.outcomes)}</Descriptions.Item>
        )}
        {attachments.length > 0 && (
          <Descriptions.Item label={t('exec.files.label')}>
            <Files projectId={projectId} ids={attachments} />
          </Descriptions.Item>
        )}
      </Descriptions>
      <Rows<Rec>
        title={t('exec.report.milestones')}
        rows={list(content.milestones)}
        columns={[
          { title: t('exec.milestone.title'), render: (r) => String(r.name ?? '') },
          {
            title: t('exec.report.milestoneStatus'),
            render: (r) =>
              typeof r.status === 'string' ? t(`exec.milestoneProgress.${r.status as 'done'}`) : '—',
          },
          { title: t('budget.note'), render: (r) => String(r.note ?? '') },
        ]}
      />
      <Indicators title={t('exec.report.indicators')} rows={list(content.indicators)} />
      <Spending title={t('exec.report.spending')} rows={list(content.spending)} />
      <Rows<Rec>
        title={t('exec.log.visits')}
        rows={list(content.visits)}
        columns={[
          { title: t('exec.log.date'), render: (r) => String(r.date ?? '') },
          { title: t('exec.log.place'), render: (r) => String(r.place ?? '') },
          { title: t('exec.log.served'), render: (r) => String(r.served ?? '') },
        ]}
      />
      <Rows<Rec>
        title={t('exec.log.trainings')}
        rows={list(content.trainings)}
        columns={[
          { title: t('exec.log.topic'), render: (r) => String(r.topic ?? '') },
          { title: t('exec.log.sessions'), render: (r) => String(r.sessions ?? '') },
          { title: t('exec.log.people'), render: (r) => String(r.peopleTrained ?? '') },
        ]}
      />
      <Rows<Rec>
        title={t('exec.log.technologies')}
        rows={list(content.technologies)}
        columns={[
          { title: t('exec.log.technology'), render: (r) => String(r.name ?? '') },
          { title: t('budget.note'), render: (r) => String(r.note ?? '') },
        ]}
      />
      <Rows<Rec>
        title={t('exec.log.problems')}
        rows={list(content.problemsSolved)}
        columns={[
          { title: t('exec.log.problem'), render: (r) => String(r.problem ?? '') },
          { title: t('exec.log.solution'), render: (r) => String(r.solution ?? '') },
        ]}
      />
    </div>
  );
}

/** The acceptance dossier as submitted: summary, indicators with evidence, final accounts, reports cited (downloads under `projectId`). */
export function DossierContent({ dossier, projectId }: { dossier: Rec; projectId?: string }) {
  const { t } = useI18n();
  const audit = text(dossier.auditReportId);
  const tests = list<string>(dossier.testReportIds);
  const files = list<string>(dossier.attachmentIds);
  return (
    <div data-testid="dossier-content">
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('exec.acceptance.summary')}>
          {text(dossier.summary) ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('exec.acceptance.indirectSpent')}>
          {fenToYuan(num(dossier.indirectSpentFen) ?? 0)}
        </Descriptions.Item>
        <Descriptions.Item label={t('exec.acceptance.auditReport')}>
          {!audit ? (
            '—'
          ) : projectId ? (
            <AttachmentLinks projectId={projectId} ids={[audit]} />
          ) : (
            t('decision.attached')
          )}
        </Descriptions.Item>
        {tests.length > 0 && (
          <Descriptions.Item label={t('exec.acceptance.testReports')}>
            <Files projectId={projectId} ids={tests} />
          </Descriptions.Item>
        )}
        {files.length > 0 && (
          <Descriptions.Item label={t('exec.files.label')}>
            <Files projectId={projectId} ids={files} />
          </Descriptions.Item>
        )}
      </Descriptions>
      <Indicators title={t('exec.acceptance.indicators')} rows={list(dossier.indicators)} evidence />
      <Spending title={t('exec.acceptance.accounts')} rows={list(dossier.accounts)} />
    </div>
  );
}

/** The mid-term statement: the self-assessment and the spending by category. */
export function MidtermStatement({
  submission,
}: {
  submission: { selfAssessment: string; spending: Record<string, number>; spentFen: number };
}) {
  const { t } = useI18n();
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="midterm-statement">
      <Descriptions.Item label={t('exec.midterm.selfAssessment')} span={2}>
        {submission.selfAssessment}
      </Descriptions.Item>
      {(['equipment', 'business', 'labour', 'indirect'] as const).map((c) => (
        <Descriptions.Item key={c} label={t(`exec.midterm.spending.${c}`)}>
          {fenToYuan(submission.spending[c])}
        </Descriptions.Item>
      ))}
      <Descriptions.Item label={t('exec.midterm.spent')}>{fenToYuan(submission.spentFen)}</Descriptions.Item>
    </Descriptions>
  );
}

/** What a change request asks for, by its kind (the reason is shown beside it by the caller). */
export function ChangeRequested({
  kind,
  detail,
  subject,
}: {
  kind: string;
  detail: Rec;
  /** The new PI or host the request names, with the name the API read for it. */
  subject?: { id: string; name: string | null } | null;
}) {
  const { t, tCode } = useI18n();
  const items: Array<{ key: string; label: string; children: ReactNode }> = [];
  const budget = (detail.budget ?? null) as Rec | null;
  const before = (detail.before ?? null) as Rec | null;
  if (kind === 'budget_adjustment' && budget)
    for (const f of ['equipmentFen', 'businessFen', 'labourFen', 'indirectFen'] as const)
      items.push({
        key: f,
        label: t(`exec.change.budget.${f}`),
        children: before
          ? t('decision.change.fromTo', { from: fenToYuan(num(before[f])), to: fenToYuan(num(budget[f])) })
          : fenToYuan(num(budget[f])),
      });
  if (kind === 'extension')
    items.push({
      key: 'extension',
      label: t('decision.change.newEnd'),
      children: t('decision.change.extendBy', {
        by: String(detail.extendBy ?? '—'),
        end: typeof detail.newEndsAt === 'string' ? detail.newEndsAt.slice(0, 10) : '—',
      }),
    });
  const named = subject?.name ?? subject?.id ?? '—';
  if (kind === 'pi_change') items.push({ key: 'pi', label: t('decision.change.newPi'), children: named });
  if (kind === 'institution_change')
    items.push({ key: 'host', label: t('decision.change.newHost'), children: named });
  if (kind === 'team_change')
    items.push({
      key: 'team',
      label: t('decision.change.team'),
      children: list<Rec>(detail.team)
        .map(
          (m) =>
            `${String(m.name ?? '')}（${String(m.role ?? '')}${typeof m.effortPercent === 'number' ? `，${m.effortPercent}%` : ''}）`,
        )
        .join('；'),
    });
  if (kind === 'objectives_change') {
    if (text(detail.objectives))
      items.push({
        key: 'objectives',
        label: t('exec.change.objectives'),
        children: text(detail.objectives),
      });
    if (text(detail.technicalRoute))
      items.push({
        key: 'route',
        label: t('exec.change.technicalRoute'),
        children: text(detail.technicalRoute),
      });
  }
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      data-testid="change-requested"
      items={[
        { key: 'kind', label: t('host.changeKind'), children: tCode('exec.changeKind', kind) },
        ...items,
      ]}
    />
  );
}

/** A change request's approval chain, step by step with each decision so far (✓ approved, ✗ refused, … waiting). */
export function useChangeChain() {
  const { t, tCode } = useI18n();
  return (c: {
    steps: readonly string[];
    decisions: ReadonlyArray<{ decision: string; comment: string | null }>;
  }): string =>
    c.steps.length === 0
      ? t('exec.change.immediate')
      : c.steps
          .map((s, i) => {
            const d = c.decisions[i];
            const mark = d ? (d.decision === 'approve' ? '✓' : '✗') : '…';
            return `${tCode('exec.changeStep', s)} ${mark}${d?.comment ? `（${d.comment}）` : ''}`;
          })
          .join(' → ');
}

/** A report's status as a tag (overdue in red, accepted in green), with its test id. */
export function ReportStatusTag({
  report,
}: {
  report: {
    seq: number;
    overdue: boolean;
    status: 'due' | 'submitted' | 'confirmed' | 'returned' | 'accepted';
  };
}) {
  const { t } = useI18n();
  return (
    <StatusTag tone={report.overdue ? 'bad' : report.status === 'accepted' ? 'ok' : 'info'}>
      <span data-testid={`report-status-${report.seq}`}>{t(`reportStatus.${report.status}`)}</span>
    </StatusTag>
  );
}

/** A progress report as every reader gets it from the API (its versions, each with its reviews). */
export interface ReportVersions {
  seq: number;
  versions: ReadonlyArray<{
    version: number;
    submittedAt: string;
    reviews: ReadonlyArray<{ step: 'confirmed' | 'accepted' | 'returned'; comment: string; at: string }>;
  }>;
}

/** Each version sent and what the host institution and the bureau said of it. */
export function ReportHistory({ report }: { report: ReportVersions }) {
  const { t } = useI18n();
  if (!report.versions.length) return null;
  return (
    <Timeline
      style={{ marginBottom: 8 }}
      items={report.versions.flatMap((v) => [
        {
          key: `v${v.version}`,
          content: t('exec.report.sentVersion', { version: v.version, at: formatTime(v.submittedAt) }),
        },
        ...v.reviews.map((rv, i) => ({
          key: `v${v.version}r${i}`,
          color: rv.step === 'returned' ? 'red' : rv.step === 'accepted' ? 'green' : 'blue',
          content: (
            <span>
              {t(`exec.timeline.report.${rv.step}`, { n: report.seq })} · {formatTime(rv.at)}
              {rv.comment && <Typography.Paragraph type="secondary">{rv.comment}</Typography.Paragraph>}
            </span>
          ),
        })),
      ])}
    />
  );
}
