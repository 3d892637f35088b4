import { Alert, Button, Card, Descriptions, Space, Spin, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import { useHostActions, useProject } from '../../api/hooks/institution';
import type { Ok } from '../../api/hooks/ok';
import {
  ChangeRequested,
  DossierContent,
  MidtermStatement,
  ReportContent,
  ReportStatusTag,
  ReportHistory,
  useChangeChain,
} from '../../components/ExecutionContent';
import { StepForm } from '../../components/StepForm';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { formatTime } from '../../lib/time';
import { ProjectOutcomes } from '../outcomes/ProjectOutcomes';
import { HostHonestFailure } from './HostHonestFailure';
import { NewHostConsent } from './NewHostConsent';
import { ChangeConsent } from './ChangeConsent';
import { OpinionStep } from './OpinionStep';

type HostReport = Ok<'/projects/{id}/reports', 'get'>['items'][number];
type HostChange = Ok<'/projects/{id}/changes', 'get'>['items'][number];

const h2 = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/**
 * A project the institution hosts, with what waits on it: progress reports to confirm (read before
 * confirming), change requests to consent to or refuse (what is asked, the chain so far), the
 * mid-term statement and the acceptance dossier to confirm with the institution's opinion, a 容错
 * request to confirm or refuse. Each step shows only while the API says the state waits for it.
 * The inbox links here (`…/report/2`, `…/change/<id>`, `…/midterm`, `…/acceptance`,
 * `…/honest-failure`).
 */
export function HostProjectPage() {
  const { id = '', step, ref } = useParams();
  const { t, tCode, bi, lang } = useI18n();
  const project = useProject(id);
  const actions = useHostActions(id);
  const chain = useChangeChain();
  const reports = useQuery({
    queryKey: ['institution', 'project', id, 'reports'],
    queryFn: () =>
      unwrap(api.GET('/projects/{id}/reports', { params: { path: { id }, query: { limit: 120 } } })),
  });
  const changes = useQuery({
    queryKey: ['institution', 'project', id, 'changes'],
    queryFn: () =>
      unwrap(api.GET('/projects/{id}/changes', { params: { path: { id }, query: { limit: 50 } } })),
  });
  const midterm = useQuery({
    queryKey: ['institution', 'project', id, 'midterm'],
    queryFn: () => unwrap(api.GET('/projects/{id}/midterm', { params: { path: { id } } })),
    retry: false,
  });
  const acceptance = useQuery({
    queryKey: ['institution', 'project', id, 'acceptance'],
    queryFn: () => unwrap(api.GET('/projects/{id}/acceptance', { params: { path: { id } } })),
    retry: false,
  });
  const [report, setReport] = useState<number | null>(step === 'report' && ref ? Number(ref) : null);
  const [change, setChange] = useState<string | null>(step === 'change' && ref ? ref : null);

  if (project.isLoading) return <Spin />;
  // Asked to take the project on, the institution is not its host yet: it reads the request only.
  if (project.error instanceof ApiError && project.error.status === 404 && step === 'change' && ref)
    return <NewHostConsent projectId={id} changeId={ref} />;
  if (project.error || !project.data)
    return <Alert type="error" showIcon title={errorText(project.error, lang)} />;
  const p = project.data;
  const highlight = (s: string) => (step === s ? { borderColor: '#1d4f91', borderWidth: 2 } : undefined);
  const reportItems = reports.data?.items ?? [];
  const openReport =
    reportItems.find((r) => r.seq === report) ?? reportItems.find((r) => r.status === 'submitted') ?? null;
  const changeItems = changes.data?.items ?? [];
  const openChange =
    changeItems.find((c) => c.id === change) ?? changeItems.find((c) => c.awaiting === 'institution') ?? null;
  const m = midterm.data;
  const x = acceptance.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {p.title}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('project.status')}>
          <span data-testid="project-status">{t(`projectStatus.${p.status}`)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('project.period')}>{`${p.startsOn} – ${p.endsOn}`}</Descriptions.Item>
      </Descriptions>

      <Card title={h2(t('host.reports'))} style={highlight('report')}>
        <Table<HostReport>
          size="small"
          pagination={false}
          loading={reports.isLoading}
          rowKey="seq"
          dataSource={reportItems}
          data-testid="host-reports"
          onRow={(r) => (r.seq === openReport?.seq ? { style: { background: '#e6f4ff' } } : {})}
          columns={[
            { title: t('host.reportSeq'), render: (_, r) => t('exec.report.n', { n: r.seq }) },
            { title: t('review.deadline'), render: (_, r) => formatTime(r.dueAt) },
            {
              title: t('application.status'),
              render: (_, r) => <ReportStatusTag report={r} />,
            },
            {
              title: t('inbox.action'),
              render: (_, r) =>
                r.versions.length > 0 ? (
                  <Button
                    size="small"
                    type={r.status === 'submitted' ? 'primary' : 'default'}
                    onClick={() => setReport(r.seq)}
                  >
                    {t(r.status === 'submitted' ? 'decision.report.read' : 'exec.report.view', { n: r.seq })}
                  </Button>
                ) : null,
            },
          ]}
        />
        {openReport && openReport.versions.length > 0 && (
          <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }} size="middle">
            <ReportHistory report={openReport} />
            <ReportContent
              content={openReport.versions[openReport.versions.length - 1]!.content}
              projectId={id}
            />
            {openReport.status === 'submitted' && (
              <StepForm<Record<string, never>>
                key={`${openReport.seq}:${openReport.versions.length}`}
                heading={3}
                testId="report-confirm"
                title={t('decision.report.confirmTitle', { n: openReport.seq })}
                submit={t('host.confirmReport', { n: openReport.seq })}
                done={t('host.confirmed')}
                confirm={() => t('decision.report.confirmQuestion', { n: openReport.seq })}
                onSend={() => actions.confirmReport.mutateAsync(openReport.seq)}
              >
                <Typography.Paragraph type="secondary">
                  {t('decision.report.confirmHelp')}
                </Typography.Paragraph>
              </StepForm>
            )}
          </Space>
        )}
      </Card>

      <Card title={h2(t('host.changes'))} style={highlight('change')}>
        <Table<HostChange>
          size="small"
          pagination={false}
          loading={changes.isLoading}
          rowKey="id"
          dataSource={changeItems}
          data-testid="host-changes"
          onRow={(c) => (c.id === openChange?.id ? { style: { background: '#e6f4ff' } } : {})}
          columns={[
            { title: t('host.changeKind'), render: (_, c) => tCode('exec.changeKind', c.kind) },
            { title: t('host.changeReason'), dataIndex: 'reason' },
            {
              title: t('application.status'),
              render: (_, c) => (
                <span data-testid={`change-status-${c.id}`}>{t(`changeStatus.${c.status}`)}</span>
              ),
            },
            { title: t('exec.change.chain'), render: (_, c) => chain(c) },
            {
              title: t('inbox.action'),
              render: (_, c) => (
                <Button
                  size="small"
                  type={c.awaiting === 'institution' ? 'primary' : 'default'}
                  onClick={() => setChange(c.id)}
                >
                  {t(c.awaiting === 'institution' ? 'decision.change.review' : 'officer.exec.open')}
                </Button>
              ),
            },
          ]}
        />
        {openChange && (
          <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }} size="middle">
            <ChangeRequested kind={openChange.kind} detail={openChange.detail} subject={openChange.subject} />
            {openChange.awaiting === 'institution' && (
              <ChangeConsent projectId={id} change={openChange} title={t('exec.changeStep.institution')} />
            )}
          </Space>
        )}
      </Card>

      <Card title={h2(t('panelStage.midterm'))} style={highlight('midterm')}>
        {midterm.isLoading ? (
          <Spin />
        ) : midterm.error instanceof ApiError && midterm.error.status === 422 ? (
          <Typography.Text>{t('exec.midterm.none')}</Typography.Text>
        ) : midterm.error || !m ? (
          <Typography.Text>{errorText(midterm.error, lang)}</Typography.Text>
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <Typography.Text>
              {t('exec.phase')}：
              <span data-testid="midterm-phase">
                {m.phase ? tCode('exec.midtermPhase', m.phase) : t('exec.notOpen')}
              </span>
            </Typography.Text>
            {m.submission && <MidtermStatement submission={m.submission} />}
            {m.decision && (
              <Typography.Text>
                {t('exec.midterm.decision')}：{tCode('exec.midtermDecision', m.decision.decision)}：
                {m.decision.reasons}
              </Typography.Text>
            )}
            {m.steps.includes('confirm') && (
              <OpinionStep
                testId="midterm-confirm"
                title={t('decision.midterm.confirmTitle')}
                question={() => t('decision.midterm.confirmQuestion')}
                onSend={(v) => actions.confirmMidterm.mutateAsync(v.opinion)}
              />
            )}
          </Space>
        )}
      </Card>

      <Card title={h2(x ? bi(x.name) : t('panelStage.acceptance'))} style={highlight('acceptance')}>
        {acceptance.isLoading ? (
          <Spin />
        ) : acceptance.error || !x ? (
          <Typography.Text>{errorText(acceptance.error, lang)}</Typography.Text>
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <Typography.Text>
              {t('exec.phase')}：
              <span data-testid="acceptance-phase">
                {x.phase ? tCode('exec.acceptancePhase', x.phase) : t('exec.acceptance.notYet')}
              </span>
            </Typography.Text>
            {x.dossier && <DossierContent dossier={x.dossier} projectId={id} />}
            {x.verdictLabel && (
              <Typography.Text>
                {t('acceptance.verdict')}：{bi(x.verdictLabel)}
                {x.reasons ? `：${x.reasons}` : ''}
              </Typography.Text>
            )}
            {x.steps.includes('confirm') && (
              <OpinionStep
                testId="acceptance-confirm"
                title={t('decision.acceptance.confirmTitle')}
                question={() => t('decision.acceptance.confirmQuestion')}
                onSend={(v) => actions.confirmAcceptance.mutateAsync(v.opinion)}
              />
            )}
          </Space>
        )}
      </Card>

      <HostHonestFailure projectId={id} style={highlight('honest-failure')} />

      <Card title={h2(t('exec.tab.outcomes'))} style={highlight('outcomes')}>
        <ProjectOutcomes projectId={id} mayRegister />
      </Card>
    </Space>
  );
}
