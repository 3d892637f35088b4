import { Card, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { institutionLists, type InstitutionApplication } from '../../api/hooks/institution';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';

/** The endorsement queue (awaiting the institution, filtered on the server) or all its applications. */
export function InstitutionApplicationsTable({ queueOnly }: { queueOnly: boolean }) {
  const { t, bi } = useI18n();
  const status = queueOnly ? ('awaiting_endorsement' as const) : undefined;
  return (
    <CursorTable<InstitutionApplication>
      key={status ?? 'all'}
      queryKey={['institution', 'applications', status ?? 'all']}
      fetchPage={institutionLists.applications(status)}
      rowKey="id"
      columns={[
        {
          title: t('application.title'),
          render: (_, a) => <Link to={`/work/institution/endorsements/${a.id}`}>{a.title}</Link>,
        },
        { title: t('application.applicant'), dataIndex: 'applicantName' },
        { title: t('application.call'), dataIndex: 'callTitle' },
        { title: t('application.requested'), render: (_, a) => fenToYuan(a.requestedFen) },
        {
          title: t('application.status'),
          render: (_, a) => (
            <Tag color={a.status === 'awaiting_endorsement' ? 'red' : 'blue'}>{bi(a.statusLabel)}</Tag>
          ),
        },
        { title: t('common.updatedAt'), render: (_, a) => formatTime(a.updatedAt) },
      ]}
    />
  );
}

export function EndorsementsPage() {
  const { t } = useI18n();
  const [view, setView] = useState<'queue' | 'all'>('queue');
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('institution.endorsements.title')}
      </Typography.Title>
      <Card>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Segmented
            aria-label={t('institution.view')}
            value={view}
            onChange={(v) => setView(v as 'queue' | 'all')}
            options={[
              { value: 'queue', label: t('institution.queue') },
              { value: 'all', label: t('institution.allApplications') },
            ]}
          />
          <InstitutionApplicationsTable queueOnly={view === 'queue'} />
        </Space>
      </Card>
    </>
  );
}
