import { Button, Card, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { guidesPage, type Guide } from '../../api/hooks/intake';
import { CursorTable } from '../../components/CursorTable';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { formatTime } from '../../lib/time';

/** 申报指南: every guide, drafts included, latest change first; a new draft starts here. */
export function GuidesWorkPage() {
  const { t, bi } = useI18n();
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('intake.guides.title')}
        </Typography.Title>
        <Link to="/work/guides/new">
          <Button type="primary">{t('intake.guides.new')}</Button>
        </Link>
      </Space>
      <CursorTable<Guide>
        queryKey={['intake', 'guides']}
        fetchPage={guidesPage}
        rowKey="id"
        columns={[
          {
            title: t('guide.title'),
            render: (_, g) => <Link to={`/work/guides/${g.id}`}>{g.draft.title}</Link>,
          },
          {
            title: t('intake.guides.template'),
            render: (_, g) => `${g.template.code} v${g.template.version}`,
          },
          {
            title: t('guide.status'),
            render: (_, g) => (
              <StatusTag tone={g.status === 'published' ? 'ok' : g.status === 'in_review' ? 'todo' : 'info'}>
                {bi(g.statusLabel)}
              </StatusTag>
            ),
          },
          {
            title: t('intake.guides.approval'),
            render: (_, g) =>
              t('intake.guides.steps', { done: g.approvedSteps, total: g.approvalChain.length }),
          },
          {
            title: t('intake.guides.published'),
            render: (_, g) => (g.publishedVersion ? `v${g.publishedVersion}` : '—'),
          },
          {
            title: t('guide.window'),
            render: (_, g) => `${formatTime(g.draft.windowStart)} – ${formatTime(g.draft.windowEnd)}`,
          },
        ]}
      />
    </Card>
  );
}
