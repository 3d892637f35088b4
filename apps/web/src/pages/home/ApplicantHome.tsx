import { Button, Card, Space, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import { lists, type ApplicationListItem, type DemandItem, type ProjectItem } from '../../api/hooks/work';
import { CursorTable } from '../../components/CursorTable';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';

/** Statuses where the applicant has something to do. */
const ACTIONABLE = new Set(['draft', 'returned']);

/** The applicant's work: applications (drafts and returned ones first to act on), projects, demands. */
export function ApplicantHome() {
  const { t, bi } = useI18n();
  const navigate = useNavigate();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('home.applicant.applications')}
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            {t('home.applicant.findCall')}
          </Button>
        }
      >
        <CursorTable<ApplicationListItem>
          queryKey={['work', 'applications', 'mine']}
          fetchPage={lists.myApplications}
          rowKey="id"
          columns={[
            {
              title: t('application.title'),
              render: (_, a) => (
                <Link
                  to={
                    ACTIONABLE.has(a.status)
                      ? `/work/applications/${a.id}`
                      : `/work/applications/${a.id}/status`
                  }
                >
                  {a.title}
                </Link>
              ),
            },
            { title: t('application.call'), dataIndex: 'callTitle' },
            {
              title: t('application.status'),
              render: (_, a) => (
                <StatusTag tone={ACTIONABLE.has(a.status) ? 'todo' : 'info'}>{bi(a.statusLabel)}</StatusTag>
              ),
            },
            { title: t('application.requested'), render: (_, a) => fenToYuan(a.requestedFen) },
            {
              title: t('application.resubmitUntil'),
              render: (_, a) => (a.resubmitUntil ? formatTime(a.resubmitUntil) : '—'),
            },
            { title: t('common.updatedAt'), render: (_, a) => formatTime(a.updatedAt) },
          ]}
        />
      </Card>
      <Card title={t('home.applicant.projects')}>
        <CursorTable<ProjectItem>
          queryKey={['work', 'projects', 'mine']}
          fetchPage={lists.myProjects}
          rowKey="id"
          columns={[
            {
              title: t('project.title'),
              render: (_, p) => <Link to={`/work/projects/${p.id}`}>{p.title}</Link>,
            },
            { title: t('project.status'), render: (_, p) => t(`projectStatus.${p.status}`) },
            { title: t('project.period'), render: (_, p) => `${p.startsOn} – ${p.endsOn}` },
            {
              title: t('project.todo'),
              render: (_, p) => (
                <Space size={4} wrap>
                  {/* A project starts when its agreement is signed (earlier records have none); one to
                      sign waits in the inbox. */}
                  {p.agreementId && (
                    <Link to={`/work/agreements/${p.agreementId}`}>{t('exec.project.agreement')}</Link>
                  )}
                  {p.overdueReports > 0 && (
                    <Link to={`/work/projects/${p.id}/reports`}>
                      <StatusTag tone="bad">{t('project.reportsDue', { n: p.overdueReports })}</StatusTag>
                    </Link>
                  )}
                  {p.midtermAt && <Tag>{t('project.midterm', { at: formatTime(p.midtermAt) })}</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title={t('home.applicant.demands')}
        extra={<Button onClick={() => navigate('/work/demands/new')}>{t('menu.newDemand')}</Button>}
      >
        <CursorTable<DemandItem>
          queryKey={['work', 'demands', 'mine']}
          fetchPage={lists.myDemands}
          rowKey="id"
          columns={[
            { title: t('demand.title'), render: (_, d) => d.content.title },
            { title: t('demand.status'), render: (_, d) => bi(d.statusLabel) },
            { title: t('common.updatedAt'), render: (_, d) => formatTime(d.updatedAt) },
          ]}
        />
      </Card>
    </Space>
  );
}
