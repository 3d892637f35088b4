import { Card, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { expertLists, type MyReview } from '../../api/hooks/expert';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n';
import { invitationStatusText } from '../../lib/invitation-status';

/** Statuses where the expert has something to do. */
export const REVIEW_ACTIONABLE = new Set(['invited', 'accepted']);

export function ReviewsTable() {
  const { t, bi } = useI18n();
  return (
    <CursorTable<MyReview>
      queryKey={['expert', 'reviews']}
      fetchPage={expertLists.reviews}
      rowKey="id"
      columns={[
        {
          title: t('application.title'),
          render: (_, r) => <Link to={`/work/expert/reviews/${r.id}`}>{r.applicationTitle}</Link>,
        },
        {
          title: t('application.status'),
          render: (_, r) => (
            <Tag color={REVIEW_ACTIONABLE.has(r.status) ? 'red' : 'blue'}>
              {invitationStatusText(r, { t, bi })}
            </Tag>
          ),
        },
        { title: t('review.respondBy'), dataIndex: 'respondByLocal' },
        { title: t('review.scoreBy'), render: (_, r) => r.scoreByLocal ?? '—' },
        { title: t('review.weighted'), render: (_, r) => r.weightedScore ?? '—' },
      ]}
    />
  );
}

/** The expert's review invitations and tasks, a page at a time. */
export function ReviewsPage() {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('expert.reviews.title')}
      </Typography.Title>
      <Card>
        <ReviewsTable />
      </Card>
    </>
  );
}
