import { Alert, Card, Descriptions, Space, Spin, Steps, Tabs, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import {
  useAcceptance,
  useAgreement,
  useMidterm,
  useProject,
  useReports,
  type ProjectView,
} from '../../api/hooks/execution';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { formatTime } from '../../lib/time';
import { ProjectAcceptance } from './ProjectAcceptance';
import { ProjectChanges } from './ProjectChanges';
import { ProjectHonestFailure } from './ProjectHonestFailure';
import { ProjectMidterm } from './ProjectMidterm';
import { ProjectReports } from './ProjectReports';
import { ProjectOutcomes } from '../outcomes/ProjectOutcomes';
import { projectTimeline, type TimelineEntry } from './project-timeline';

const TABS = [
  'overview',
  'reports',
  'changes',
  'midterm',
  'acceptance',
  'honest-failure',
  'outcomes',
] as const;
type Tab = (typeof TABS)[number];
const FINISHED = new Set(['terminated', 'revoked', 'accepted', 'closed', 'failed']);

/**
 * The PI's project (项目执行): its status and timeline, and the execution work the API takes from
 * the PI, a tab each: progress reports, change requests, the mid-term check, the acceptance
 * dossier, a 容错 request, and the outcomes on record. The inbox opens a tab directly
 * (`/work/projects/:id/reports/2`, `…/midterm`, `…/acceptance`; `…/honest-failure` is the PI's own).
 */
export function ProjectPage() {
  const { id = '', step, ref } = useParams();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const project = useProject(id);
  const agreement = useAgreement(project.data?.agreementId);
  const tab: Tab = (TABS as readonly string[]).includes(step ?? '') ? (step as Tab) : 'overview';

  // The forms start from the agreement's terms (antd reads initialValues once): wait for it.
  if (project.isLoading || agreement.isLoading) return <Spin />;
  if (project.error || !project.data)
    return <Alert type="error" showIcon title={errorText(project.error, lang)} />;
  const p = project.data;
  const seq = tab === 'reports' && ref ? Number(ref) : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {p.title}
        </Typography.Title>
        <Space wrap>
          <StatusTag tone={FINISHED.has(p.status) ? 'info' : 'ok'}>
            <span data-testid="project-status">{t(`projectStatus.${p.status}`)}</span>
          </StatusTag>
          {p.overdue && <StatusTag tone="bad">{t('exec.overdue')}</StatusTag>}
          {p.unapprovedChange && <StatusTag tone="bad">{t('exec.project.unapprovedChange')}</StatusTag>}
          {p.agreementId && (
            <Link to={`/work/agreements/${p.agreementId}`}>{t('exec.project.agreement')}</Link>
          )}
        </Space>
      </div>
      <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('project.period')}>{`${p.startsOn} – ${p.endsOn}`}</Descriptions.Item>
        <Descriptions.Item label={t('exec.project.midtermAt')}>{formatTime(p.midtermAt)}</Descriptions.Item>
        <Descriptions.Item label={t('exec.project.overdueReports')}>{p.overdueReports}</Descriptions.Item>
        {p.dispatch && (
          <Descriptions.Item label={t('exec.project.dispatch')} span={3}>
            {`${p.dispatch.county} · ${p.dispatch.targetName}（${p.dispatch.expertise}）`}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(k === 'overview' ? `/work/projects/${id}` : `/work/projects/${id}/${k}`)}
        items={[
          { key: 'overview', label: t('exec.tab.overview'), children: <Overview project={p} /> },
          {
            key: 'reports',
            label: p.reportKind === 'service_log' ? t('exec.tab.serviceLogs') : t('exec.tab.reports'),
            children: <ProjectReports project={p} agreement={agreement.data} seq={seq} />,
          },
          {
            key: 'changes',
            label: t('exec.tab.changes'),
            children: (
              <ProjectChanges
                project={p}
                agreement={agreement.data}
                highlight={tab === 'changes' ? (ref ?? null) : null}
              />
            ),
          },
          { key: 'midterm', label: t('exec.tab.midterm'), children: <ProjectMidterm project={p} /> },
          {
            key: 'acceptance',
            label: t('exec.tab.acceptance'),
            children: <ProjectAcceptance project={p} agreement={agreement.data} />,
          },
          {
            key: 'honest-failure',
            label: t('honest.tab'),
            children: <ProjectHonestFailure project={p} />,
          },
          {
            key: 'outcomes',
            label: t('exec.tab.outcomes'),
            children: <ProjectOutcomes projectId={p.id} mayRegister />,
          },
        ]}
      />
    </Space>
  );
}

/** Where the project stands on its path, and its timeline from the records. */
function Overview({ project }: { project: ProjectView }) {
  const { t, tCode, bi } = useI18n();
  const agreement = useAgreement(project.agreementId);
  const reports = useReports(project.id);
  const midterm = useMidterm(project.id);
  const acceptance = useAcceptance(project.id);
  // What lies ahead is judged from when the page opened (a render stays pure).
  const [now] = useState(() => Date.now());
  // A program without a mid-term check answers 422: that stage is left off the path.
  const noMidterm = midterm.error instanceof ApiError && midterm.error.status === 422;
  type Stage = 'signed' | 'execution' | 'midterm' | 'acceptance' | 'finished';
  const path: Stage[] = [
    'signed',
    'execution',
    ...(noMidterm ? [] : ['midterm' as const]),
    'acceptance',
    'finished',
  ];
  const stage: Stage = FINISHED.has(project.status)
    ? 'finished'
    : acceptance.data?.phase
      ? 'acceptance'
      : !noMidterm && midterm.data?.phase
        ? 'midterm'
        : 'execution';
  const entries = projectTimeline({
    now,
    project,
    agreement: agreement.data,
    reports: reports.data?.items,
    midterm: midterm.data,
    acceptance: acceptance.data,
  });
  const note = (n: TimelineEntry['note']) =>
    n === undefined ? null : typeof n === 'string' ? n : 'code' in n ? tCode(n.group, n.code) : bi(n);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Steps
          current={path.indexOf(stage)}
          status={project.status === 'failed' || project.status === 'revoked' ? 'error' : 'process'}
          items={path.map((s) => ({ title: t(`exec.stage.${s}`) }))}
        />
      </Card>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('exec.timeline.title')}</h2>}>
        <Timeline
          data-testid="project-timeline"
          items={entries.map((e, i) => ({
            key: i,
            color: e.state === 'late' ? 'red' : e.state === 'upcoming' ? 'gray' : 'blue',
            content: (
              <div data-testid="timeline-entry">
                <Typography.Text strong={e.state !== 'upcoming'}>{t(e.label, e.vars)}</Typography.Text>
                {' · '}
                {'iso' in e.when ? formatTime(e.when.iso) : e.when.date}
                {e.state === 'upcoming' && ` · ${t('exec.timeline.upcoming')}`}
                {e.state === 'late' && ` · ${t('exec.overdue')}`}
                {e.note !== undefined && (
                  <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                    {note(e.note)}
                  </Typography.Paragraph>
                )}
              </div>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
