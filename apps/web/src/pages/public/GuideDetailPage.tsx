import { Alert, Button, Card, Descriptions, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { usePublicGuide } from '../../api/hooks/public';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';

/** One published guide: its current text, topics, call window, and every published version. */
export function GuideDetailPage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { data: g, error, isLoading } = usePublicGuide(id);
  if (isLoading) return <Spin />;
  if (error || !g) return <Alert type="error" showIcon title={errorText(error, lang)} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {g.content.title} <Tag>v{g.version}</Tag>
      </Typography.Title>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('guide.program')}>{bi(g.program.name)}</Descriptions.Item>
        <Descriptions.Item label={t('guide.mode')}>{t(`mode.${g.mode}`)}</Descriptions.Item>
        <Descriptions.Item label={t('guide.window')}>
          {g.windowStartLocal} – {g.windowEndLocal}
        </Descriptions.Item>
        <Descriptions.Item label={t('guide.status')}>{bi(g.statusLabel)}</Descriptions.Item>
        <Descriptions.Item label={t('guide.budgetCap')}>
          {fenToYuan(g.content.budgetCapFen)}
        </Descriptions.Item>
        <Descriptions.Item label={t('guide.totalBudget')}>
          {fenToYuan(g.content.totalBudgetFen)}
        </Descriptions.Item>
      </Descriptions>
      {g.content.intro && (
        <Typography.Paragraph style={{ marginTop: 16, whiteSpace: 'pre-wrap' }}>
          {g.content.intro}
        </Typography.Paragraph>
      )}
      {g.content.eligibilityNotes && (
        <Alert
          type="info"
          title={t('guide.eligibility')}
          description={g.content.eligibilityNotes}
          style={{ marginTop: 16 }}
        />
      )}
      <div style={{ margin: '16px 0', display: 'flex', gap: 8 }}>
        {g.callId && (
          <>
            <Button
              type="primary"
              onClick={() =>
                navigate(
                  user
                    ? `/work/applications/new?callId=${g.callId}`
                    : `/login?next=${encodeURIComponent(`/work/applications/new?callId=${g.callId}`)}`,
                )
              }
            >
              {t('guide.apply')}
            </Button>
            <Link to={`/public/calls/${g.callId}/passed-list`}>
              <Button>{t('menu.passedList')}</Button>
            </Link>
          </>
        )}
      </div>
      <Card title={t('guide.topics')} size="small">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={g.topics}
          columns={[
            { title: t('guide.topicTitle'), dataIndex: 'title' },
            { title: t('guide.topicKind'), render: (_, tp) => t(`topicKind.${tp.kind}`) },
            { title: t('guide.keyField'), dataIndex: 'keyField' },
            { title: t('guide.problem'), dataIndex: 'problem' },
            // A challenge is answered by a bid on that challenge (揭榜).
            ...(g.mode === 'challenge' && g.callId
              ? [
                  {
                    title: '',
                    render: (_: unknown, tp: { id: string }) => (
                      <Link to={`/work/applications/new?callId=${g.callId}&topicId=${tp.id}`}>
                        {t('guide.bid')}
                      </Link>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card title={t('guide.versions')} size="small" style={{ marginTop: 16 }}>
        <Timeline
          items={[...g.versions].reverse().map((v) => ({
            key: v.version,
            content: (
              <>
                <Typography.Text strong>v{v.version}</Typography.Text> · {formatTime(v.publishedAt)} ·{' '}
                {v.content.title}
                {v.changeNote && <Typography.Paragraph type="secondary">{v.changeNote}</Typography.Paragraph>}
              </>
            ),
          }))}
        />
      </Card>
    </>
  );
}
