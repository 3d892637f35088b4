import { Badge, Button, Card, Empty, Radio, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { fetchInbox, type InboxItem, type InboxKind } from '../../api/hooks/inbox';
import { CursorTable } from '../../components/CursorTable';
import { useI18n, type MessageKey } from '../../i18n';
import { formatTime } from '../../lib/time';
import { inboxLink } from './inbox-links';

/** A dark red that keeps WCAG AA contrast on white (antd's error red does not for small text). */
export const OVERDUE_COLOR = '#a8071a';

/**
 * The task inbox (GET /inbox): what waits on the user, soonest deadline first, overdue ones
 * marked, each with a link to the page that acts on it; a filter per kind with its count (filtered
 * on the server), a page at a time. The filters are a radio group that wraps onto a second line:
 * a busy officer has a dozen kinds, and a tab bar would hide some behind an overflow menu (which
 * axe also flags, a tablist holding a button).
 */
export function InboxSection() {
  const { t, bi } = useI18n();
  const navigate = useNavigate();
  const [kind, setKind] = useState<InboxKind | 'all'>('all');
  // The first page of the whole inbox: its counts make the tabs (CursorTable shares the cache).
  const all = useQuery({ queryKey: ['inbox', 'all', ''], queryFn: () => fetchInbox(undefined) });
  const counts = (all.data?.counts ?? {}) as Partial<Record<InboxKind, number>>;
  const kinds = (Object.keys(counts) as InboxKind[]).filter((k) => (counts[k] ?? 0) > 0);
  const total = all.data?.total ?? 0;
  const tabLabel = (label: string, n: number) => (
    <Space size={6}>
      {label}
      <Badge count={n} showZero color="#1d4f91" overflowCount={999} />
    </Space>
  );
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {t('inbox.title')}
        </Typography.Title>
      }
      style={{ marginBottom: 16 }}
      data-testid="inbox"
    >
      {all.isSuccess && total === 0 ? (
        <Empty description={t('inbox.empty')} data-testid="inbox-empty" />
      ) : (
        <>
          <Radio.Group
            aria-label={t('inbox.kind')}
            optionType="button"
            value={kind}
            onChange={(e) => setKind(e.target.value as InboxKind | 'all')}
            style={{ display: 'flex', flexWrap: 'wrap', rowGap: 8, marginBottom: 16 }}
            options={[
              { value: 'all', label: tabLabel(t('inbox.all'), total) },
              ...kinds.map((k) => ({
                value: k,
                label: tabLabel(t(`inboxKind.${k}` as MessageKey), counts[k] ?? 0),
              })),
            ]}
            data-testid="inbox-kinds"
          />
          <CursorTable<InboxItem>
            key={kind}
            queryKey={['inbox', kind]}
            fetchPage={(next) => fetchInbox(kind === 'all' ? undefined : kind, next)}
            rowKey={(i) => `${i.kind}:${i.subject.id}:${i.subject.ref ?? ''}`}
            onRow={(i) => (i.overdue ? { style: { background: '#fff1f0' } } : {})}
            columns={[
              {
                title: t('inbox.task'),
                render: (_, i) => <Link to={inboxLink(i)}>{bi(i.title)}</Link>,
              },
              {
                title: t('inbox.kind'),
                render: (_, i) => <Tag>{t(`inboxKind.${i.kind}` as MessageKey)}</Tag>,
              },
              {
                title: t('inbox.deadline'),
                render: (_, i) =>
                  i.overdue ? (
                    <Space size={4} data-testid="overdue">
                      <span style={{ color: OVERDUE_COLOR, fontWeight: 600 }}>{formatTime(i.dueAt)}</span>
                      <Tag color="red">{t('inbox.overdue')}</Tag>
                    </Space>
                  ) : (
                    formatTime(i.dueAt)
                  ),
              },
              {
                title: t('inbox.action'),
                render: (_, i) => (
                  <Button
                    size="small"
                    type="primary"
                    aria-label={`${t('inbox.act')}: ${bi(i.title)}`}
                    onClick={() => navigate(inboxLink(i))}
                  >
                    {t('inbox.act')}
                  </Button>
                ),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
