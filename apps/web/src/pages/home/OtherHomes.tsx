import { Card } from 'antd';
import { Link } from 'react-router';
import {
  lists,
  type ApplicationListItem,
  type CallItem,
  type EventItem,
  type GuideItem,
  type PanelReviewItem,
  type ReviewItem,
  type TemplateItem,
} from '../../api/hooks/work';
import { CursorTable } from '../../components/CursorTable';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';

// The other roles' homes list their work from the existing endpoints; their own pages (endorsement,
// review, formal check, …) are built on this structure by the engineers who own them.

export function InstitutionHome() {
  const { t, bi } = useI18n();
  return (
    <Card title={t('home.institution.applications')}>
      <CursorTable<ApplicationListItem>
        queryKey={['work', 'applications', 'institution']}
        fetchPage={lists.institutionApplications}
        rowKey="id"
        columns={[
          { title: t('application.title'), render: (_, a) => a.content.title },
          { title: t('application.applicant'), dataIndex: 'applicantName' },
          { title: t('application.call'), dataIndex: 'callTitle' },
          {
            title: t('application.status'),
            render: (_, a) => (
              <StatusTag tone={a.status === 'awaiting_endorsement' ? 'todo' : 'info'}>
                {bi(a.statusLabel)}
              </StatusTag>
            ),
          },
        ]}
      />
    </Card>
  );
}

export function ExpertHome() {
  const { t, bi } = useI18n();
  return (
    <>
      <Card title={t('home.expert.reviews')}>
        <CursorTable<ReviewItem>
          queryKey={['work', 'reviews', 'mine']}
          fetchPage={lists.myReviews}
          rowKey="id"
          columns={[
            { title: t('application.title'), dataIndex: 'applicationTitle' },
            { title: t('application.status'), render: (_, r) => bi(r.statusLabel) },
            { title: t('review.respondBy'), dataIndex: 'respondByLocal' },
            { title: t('review.scoreBy'), render: (_, r) => r.scoreByLocal ?? '—' },
          ]}
        />
      </Card>
      <Card title={t('home.expert.panels')} style={{ marginTop: 16 }}>
        <CursorTable<PanelReviewItem>
          queryKey={['work', 'panel-reviews', 'mine']}
          fetchPage={lists.myPanelReviews}
          rowKey="id"
          columns={[
            { title: t('project.title'), dataIndex: 'projectTitle' },
            { title: t('review.stage'), render: (_, r) => t(`panelStage.${r.stage}`) },
            { title: t('review.deadline'), render: (_, r) => formatTime(r.deadline) },
          ]}
        />
      </Card>
    </>
  );
}

export function OfficerHome() {
  const { t, bi } = useI18n();
  return (
    <>
      <Card title={t('home.officer.calls')}>
        <CursorTable<CallItem>
          queryKey={['work', 'calls']}
          fetchPage={lists.calls}
          rowKey="id"
          columns={[
            {
              title: t('guide.title'),
              render: (_, c) => <Link to={`/work/calls/${c.id}/formal-check`}>{c.title}</Link>,
            },
            { title: t('guide.mode'), render: (_, c) => t(`mode.${c.mode}`) },
            { title: t('guide.status'), render: (_, c) => t(`callStatus.${c.status}`) },
            { title: t('guide.windowEnd'), dataIndex: 'windowEndLocal' },
            { title: t('guide.budgetCap'), render: (_, c) => fenToYuan(c.budgetCapFen) },
          ]}
        />
      </Card>
      <Card title={t('home.officer.guides')} style={{ marginTop: 16 }}>
        <CursorTable<GuideItem>
          queryKey={['work', 'guides']}
          fetchPage={lists.guides}
          rowKey="id"
          columns={[
            { title: t('guide.title'), render: (_, g) => g.draft.title },
            { title: t('guide.status'), render: (_, g) => bi(g.statusLabel) },
            { title: t('guide.version'), render: (_, g) => g.publishedVersion ?? '—' },
          ]}
        />
      </Card>
    </>
  );
}

export function AdminHome() {
  const { t, bi } = useI18n();
  return (
    <Card title={t('home.admin.templates')}>
      <CursorTable<TemplateItem>
        queryKey={['work', 'templates']}
        fetchPage={lists.templates}
        rowKey="id"
        columns={[
          { title: t('template.code'), dataIndex: 'code' },
          { title: t('template.name'), render: (_, x) => bi(x.template.name) },
          { title: t('guide.mode'), render: (_, x) => t(`mode.${x.template.mode}`) },
          { title: t('guide.version'), dataIndex: 'version' },
        ]}
      />
    </Card>
  );
}

export function AuditorHome() {
  const { t } = useI18n();
  return (
    <Card title={t('home.auditor.events')}>
      <CursorTable<EventItem>
        queryKey={['work', 'events']}
        fetchPage={lists.events}
        rowKey="id"
        columns={[
          { title: t('event.time'), render: (_, e) => formatTime(e.occurredAt) },
          { title: t('event.type'), dataIndex: 'type' },
          { title: t('event.subject'), render: (_, e) => `${e.subjectType} ${e.subjectId.slice(0, 8)}` },
        ]}
      />
    </Card>
  );
}
