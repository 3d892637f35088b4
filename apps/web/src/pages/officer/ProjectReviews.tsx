import { Alert, Button, Card, Descriptions, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import {
  useProjectDecisions,
  type ChangeDecisionBody,
  type ProjectChange,
  type ProjectReport,
  type ReportDecisionBody,
} from '../../api/hooks/officer-execution';
import { useAuth } from '../../auth/AuthContext';
import {
  ChangeRequested,
  ReportContent,
  ReportStatusTag,
  ReportHistory,
  useChangeChain,
} from '../../components/ExecutionContent';
import { StatusTag } from '../../components/StatusTag';
import { ChoiceAndText, StepForm } from '../../components/StepForm';
import { useI18n } from '../../i18n';
import { formatTime } from '../../lib/time';

const h2 = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/** The change steps the bureau's staff take (the institutions consent on their own pages). */
const STAFF_CHANGE_STEPS = new Set(['officer', 'second_officer']);

/**
 * 进展报告: the project's schedule of reports with their states; a report the host institution has
 * confirmed waits for the bureau, which reads its latest version and accepts it (final) or returns
 * it with what to revise. Any report opens to show what was sent and what each party said.
 */
export function ReportsReview({
  projectId,
  reports,
  loading,
  acts,
}: {
  projectId: string;
  reports: ProjectReport[];
  loading: boolean;
  /** The reader takes the bureau's steps (staff); else the page only shows. */
  acts: boolean;
}) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<number | null>(null);
  const waiting = (r: ProjectReport) => acts && r.status === 'confirmed';
  const open = reports.find((r) => r.seq === chosen) ?? reports.find(waiting) ?? null;
  return (
    <Card title={h2(t('officer.project.reports'))}>
      <Table<ProjectReport>
        size="small"
        rowKey="seq"
        pagination={false}
        loading={loading}
        dataSource={reports}
        data-testid="reports"
        locale={{ emptyText: <Typography.Text type="secondary">{t('common.none')}</Typography.Text> }}
        onRow={(r) => (r.seq === open?.seq ? { style: { background: '#e6f4ff' } } : {})}
        columns={[
          { title: t('officer.installment.seq'), render: (_, r) => t('exec.report.n', { n: r.seq }) },
          { title: t('officer.project.dueAt'), render: (_, r) => formatTime(r.dueAt) },
          {
            title: t('project.status'),
            render: (_, r) => <ReportStatusTag report={r} />,
          },
          { title: t('exec.report.versions'), render: (_, r) => r.versions.length },
          {
            title: t('officer.project.submittedAt'),
            render: (_, r) => formatTime(r.versions[r.versions.length - 1]?.submittedAt),
          },
          {
            title: t('officer.exec.action'),
            render: (_, r) =>
              r.versions.length > 0 ? (
                <Button
                  size="small"
                  type={waiting(r) ? 'primary' : 'default'}
                  onClick={() => setChosen(r.seq)}
                >
                  {t(waiting(r) ? 'decision.report.review' : 'exec.report.view', { n: r.seq })}
                </Button>
              ) : null,
          },
        ]}
      />
      {open && open.versions.length > 0 && (
        <ReportOpen
          key={`${open.seq}:${open.versions.length}:${open.status}`}
          projectId={projectId}
          report={open}
          acts={acts}
        />
      )}
    </Card>
  );
}

function ReportOpen({
  projectId,
  report,
  acts,
}: {
  projectId: string;
  report: ProjectReport;
  acts: boolean;
}) {
  const { t } = useI18n();
  const actions = useProjectDecisions(projectId);
  const last = report.versions[report.versions.length - 1]!;
  return (
    <Space
      orientation="vertical"
      style={{ width: '100%', marginTop: 16 }}
      size="middle"
      data-testid="report-open"
    >
      <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
        {t('decision.report.version', { n: report.seq, version: last.version })}
      </Typography.Title>
      <ReportHistory report={report} />
      <ReportContent content={last.content} projectId={projectId} />
      {acts && report.status === 'confirmed' && (
        <StepForm<ReportDecisionBody>
          heading={3}
          testId="report-decision"
          title={t('decision.report.title', { n: report.seq })}
          submit={t('decision.send')}
          initialValues={{ decision: 'accept' }}
          confirm={(v) =>
            v.decision === 'accept' ? t('decision.report.confirmAccept', { n: report.seq }) : null
          }
          onSend={(body) =>
            actions.decideReport.mutateAsync({
              seq: report.seq,
              body: body.decision === 'accept' ? { decision: 'accept' } : body,
            })
          }
        >
          <ChoiceAndText
            options={[
              { value: 'accept', label: t('decision.report.accept') },
              { value: 'return', label: t('decision.report.return') },
            ]}
            textLabel={t('decision.report.comment')}
          />
        </StepForm>
      )}
    </Space>
  );
}

/**
 * 项目变更: every request with its approval chain; one waiting for the bureau (the officer's step,
 * or the second officer's of a major change) opens with what it asks for and the decision.
 */
export function ChangesReview({
  projectId,
  changes,
  loading,
  acts,
}: {
  projectId: string;
  changes: ProjectChange[];
  loading: boolean;
  acts: boolean;
}) {
  const { t, tCode } = useI18n();
  const chain = useChangeChain();
  const [chosen, setChosen] = useState<string | null>(null);
  const waiting = (c: ProjectChange) => acts && c.awaiting !== null && STAFF_CHANGE_STEPS.has(c.awaiting);
  const open = changes.find((c) => c.id === chosen) ?? changes.find(waiting) ?? null;
  return (
    <Card title={h2(t('officer.project.changes'))}>
      <Table<ProjectChange>
        size="small"
        rowKey="id"
        pagination={false}
        loading={loading}
        dataSource={changes}
        data-testid="changes"
        locale={{
          emptyText: <Typography.Text type="secondary">{t('officer.project.noChanges')}</Typography.Text>,
        }}
        onRow={(c) => (c.id === open?.id ? { style: { background: '#e6f4ff' } } : {})}
        columns={[
          { title: t('officer.project.kind'), render: (_, c) => tCode('exec.changeKind', c.kind) },
          { title: t('officer.project.reason'), dataIndex: 'reason' },
          { title: t('officer.project.requestedAt'), render: (_, c) => formatTime(c.requestedAt) },
          {
            title: t('project.status'),
            render: (_, c) => (
              <StatusTag tone={c.status === 'approved' ? 'ok' : c.status === 'rejected' ? 'bad' : 'info'}>
                <span data-testid={`change-status-${c.id}`}>{t(`changeStatus.${c.status}`)}</span>
              </StatusTag>
            ),
          },
          { title: t('exec.change.chain'), render: (_, c) => chain(c) },
          {
            title: t('officer.exec.action'),
            render: (_, c) => (
              <Button size="small" type={waiting(c) ? 'primary' : 'default'} onClick={() => setChosen(c.id)}>
                {t(waiting(c) ? 'decision.change.review' : 'officer.exec.open')}
              </Button>
            ),
          },
        ]}
      />
      {open && (
        <ChangeOpen
          key={`${open.id}:${open.decisions.length}`}
          projectId={projectId}
          change={open}
          acts={acts}
        />
      )}
    </Card>
  );
}

function ChangeOpen({
  projectId,
  change,
  acts,
}: {
  projectId: string;
  change: ProjectChange;
  acts: boolean;
}) {
  const { t, tCode } = useI18n();
  const { user } = useAuth();
  const actions = useProjectDecisions(projectId);
  const step = change.awaiting;
  const last = step !== null && change.steps.indexOf(step) === change.steps.length - 1;
  // Four eyes: the officer who approved first sees why another must confirm (the API refuses them).
  const firstApprover = change.decisions.find((d) => d.step === 'officer')?.decidedBy;
  return (
    <Space
      orientation="vertical"
      style={{ width: '100%', marginTop: 16 }}
      size="middle"
      data-testid="change-open"
    >
      <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
        {t('officer.project.change', { kind: tCode('exec.changeKind', change.kind) })}
      </Typography.Title>
      <ChangeRequested kind={change.kind} detail={change.detail} subject={change.subject} />
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'reason', label: t('officer.project.reason'), children: change.reason },
          ...(change.diff.length
            ? [
                {
                  key: 'version',
                  label: t('decision.change.agreementVersion'),
                  children: change.agreementVersion ?? '—',
                },
              ]
            : []),
        ]}
      />
      {acts && step !== null && STAFF_CHANGE_STEPS.has(step) && (
        <StepForm<ChangeDecisionBody>
          heading={3}
          testId="change-decision"
          title={tCode('exec.changeStep', step)}
          submit={t('decision.send')}
          initialValues={{ decision: 'approve' }}
          confirm={(v) =>
            t(
              v.decision === 'reject'
                ? 'decision.change.confirmReject'
                : last
                  ? 'decision.change.confirmApprove'
                  : 'decision.change.confirmFirst',
            )
          }
          onSend={(body) => actions.decideChange.mutateAsync({ changeId: change.id, body })}
        >
          {step === 'second_officer' && firstApprover === user?.id && (
            <Alert type="info" showIcon title={t('decision.change.fourEyes')} style={{ marginBottom: 12 }} />
          )}
          <ChoiceAndText
            options={[
              { value: 'approve', label: t('decision.change.approve') },
              { value: 'reject', label: t('decision.change.reject') },
            ]}
            textLabel={t('decision.change.comment')}
          />
        </StepForm>
      )}
    </Space>
  );
}
