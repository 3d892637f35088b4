import { Alert, Card, Descriptions, Space, Spin, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import { useProjectExecution } from '../../api/hooks/officer-execution';
import { StatusTag } from '../../components/StatusTag';
import { useI18n, type MessageKey } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { projectTimeline, type TimelineEntry } from '../../lib/project-timeline';
import { useKeyFieldLabel } from '../../api/hooks/reference';
import { formatTime } from '../../lib/time';
import { PROJECT_TONES } from './execution-tones';
import { HonestFailureSteps } from './HonestFailureSteps';
import { AcceptanceChecks, MidtermChecks } from './ProjectChecks';
import { ChangesReview, ReportsReview } from './ProjectReviews';
import { OutcomesTable } from './OutcomesPage';

/** A date (YYYY-MM-DD) as it is; an instant in Beijing time. */
const when = (at: string) => (/^\d{4}-\d{2}-\d{2}$/.test(at) ? at : formatTime(at));

/**
 * A project in execution as the bureau follows it and acts on it: its terms and flags, one
 * timeline of its start, progress reports, change requests, mid-term check, acceptance and end (as
 * the API reports each); then each stage in detail with what was sent, and the bureau's step where
 * the stage's state waits for one (a confirmed report, a change at the officer's or the second
 * officer's step, the mid-term review and decision, acceptance's check, review, verdict and
 * objections, the 容错 risk flag and experts' confirmation). The agreement it came from is one link
 * away; the inbox's 容错 item opens `…/honest-failure`, that card outlined.
 */
export function ProjectExecutionPage() {
  const { id = '', step } = useParams();
  const { user } = useAuth();
  // Staff decide; auditors read the same page without the steps.
  const staff = Boolean(user?.roles.some((r) => r === 'officer' || r === 'admin'));
  const { t, bi, lang } = useI18n();
  const { project, reports, changes, midterm, acceptance } = useProjectExecution(id);
  const keyFieldLabel = useKeyFieldLabel();

  if (project.isLoading) return <Spin />;
  if (project.error || !project.data)
    return <Alert type="error" showIcon title={errorText(project.error, lang)} />;
  const p = project.data;
  const m = midterm.data ?? null;
  const acc = acceptance.data ?? null;

  const entries = projectTimeline({
    project: p,
    reports: reports.data?.items ?? [],
    changes: changes.data?.items ?? [],
    midterm: m,
    acceptance: acc,
  });
  const phase = (group: 'midtermPhase' | 'acceptancePhase', code: string | null) =>
    code ? t(`officer.${group}.${code}` as MessageKey) : t('officer.project.notOpened');
  const describe = (e: TimelineEntry): string => {
    switch (e.kind) {
      case 'start':
        return t('officer.project.start');
      case 'report':
        return `${t('officer.project.report', { n: e.ref ?? '' })} · ${t(`reportStatus.${e.status}` as MessageKey)}`;
      case 'change':
        return `${t('officer.project.change', {
          kind: t(`officer.changeKind.${e.ref}` as MessageKey),
        })} · ${t(`changeStatus.${e.status}` as MessageKey)}`;
      case 'midterm':
        return `${t('officer.project.midterm')} · ${phase('midtermPhase', e.status)}`;
      case 'acceptance':
        return `${acc ? bi(acc.name) : t('officer.project.acceptance')} · ${phase('acceptancePhase', e.status)}`;
      case 'end':
        return `${t('officer.project.end')} · ${t(`projectStatus.${e.status}` as MessageKey)}`;
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1}>{p.title}</Typography.Title>
      <Card>
        <Descriptions
          column={{ xs: 1, md: 3 }}
          items={[
            {
              key: 'status',
              label: t('project.status'),
              children: (
                <Space size={4} wrap>
                  <StatusTag tone={PROJECT_TONES[p.status]}>
                    <span data-testid="project-status">{t(`projectStatus.${p.status}`)}</span>
                  </StatusTag>
                  {p.overdue && <StatusTag tone="bad">{t('officer.portfolio.overdue')}</StatusTag>}
                </Space>
              ),
            },
            { key: 'period', label: t('project.period'), children: `${p.startsOn} – ${p.endsOn}` },
            { key: 'program', label: t('officer.project.program'), children: p.programCode },
            {
              key: 'mode',
              label: t('officer.project.mode'),
              children: p.mode ? t(`mode.${p.mode}` as MessageKey) : '—',
            },
            {
              key: 'field',
              label: t('officer.project.keyField'),
              children: p.keyField ? keyFieldLabel(p.keyField, lang) : '—',
            },
            { key: 'county', label: t('officer.project.county'), children: p.county ?? '—' },
            {
              key: 'agreement',
              label: t('officer.project.agreement'),
              children: p.agreementId ? (
                <Link to={`/work/officer/agreements/${p.agreementId}`}>
                  {t('officer.project.openAgreement')}
                </Link>
              ) : (
                p.source
              ),
            },
          ]}
        />
        {p.overdueReports > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('officer.project.overdueReports', { n: p.overdueReports })}
          />
        )}
        {p.unapprovedChange && (
          <Alert
            type="warning"
            showIcon
            title={t('officer.project.unapprovedChange')}
            style={{ marginTop: 8 }}
          />
        )}
      </Card>

      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('officer.project.timeline')}</h2>}>
        {reports.isLoading || changes.isLoading ? (
          <Spin />
        ) : (
          <Timeline
            data-testid="project-timeline"
            items={entries.map((e, i) => ({
              key: i,
              color: e.overdue ? 'red' : e.done ? 'green' : 'gray',
              title: when(e.at),
              content: (
                <>
                  {describe(e)}
                  {e.overdue && (
                    <>
                      {' '}
                      <StatusTag tone="bad">{t('officer.portfolio.overdue')}</StatusTag>
                    </>
                  )}
                </>
              ),
            }))}
          />
        )}
      </Card>

      <ReportsReview
        projectId={id}
        reports={reports.data?.items ?? []}
        loading={reports.isLoading}
        acts={staff}
      />
      <ChangesReview
        projectId={id}
        changes={changes.data?.items ?? []}
        loading={changes.isLoading}
        acts={staff}
      />
      {m ? (
        <MidtermChecks projectId={id} midterm={m} acts={staff} />
      ) : (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('officer.project.midterm')}</h2>}>
          <Typography.Text>
            {midterm.isLoading
              ? '…'
              : midterm.error instanceof ApiError && midterm.error.status === 422
                ? t('exec.midterm.none')
                : '—'}
          </Typography.Text>
        </Card>
      )}
      {acc ? (
        <AcceptanceChecks projectId={id} acceptance={acc} acts={staff} />
      ) : (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('officer.project.acceptance')}</h2>}>
          <Typography.Text>{acceptance.isLoading ? '…' : '—'}</Typography.Text>
        </Card>
      )}
      <HonestFailureSteps
        project={p}
        acts={staff}
        style={step === 'honest-failure' ? { borderColor: '#1d4f91', borderWidth: 2 } : undefined}
      />
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('exec.tab.outcomes')}</h2>}>
        <OutcomesTable filter={{ projectId: id }} acts={staff} />
      </Card>
    </Space>
  );
}
