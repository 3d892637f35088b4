import { Card, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  lists,
  type CallFilter,
  type CallItem,
  type EventItem,
  type GuideItem,
  type TemplateItem,
} from '../../api/hooks/work';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';

// The other roles' homes list their work from the existing endpoints; their own pages (formal check,
// …) are built on this structure by the engineers who own them. The institution's and the expert's
// sections are in pages/institution and pages/expert.

type CallStatus = NonNullable<CallFilter['status']>;
const CALL_STATUSES: CallStatus[] = ['scheduled', 'open', 'closed', 'withdrawn'];

export function OfficerHome() {
  const { t, bi } = useI18n();
  const [callFilter, setCallFilter] = useState<CallFilter>({});
  return (
    <>
      <Card
        title={t('home.officer.calls')}
        extra={
          <Space>
            <Select<CallStatus>
              allowClear
              aria-label={t('guide.status')}
              placeholder={t('guide.status')}
              options={CALL_STATUSES.map((s) => ({ value: s, label: t(`callStatus.${s}`) }))}
              onChange={(status) => setCallFilter(({ status: _, ...f }) => (status ? { ...f, status } : f))}
              style={{ width: 120 }}
            />
            <Input.Search
              allowClear
              aria-label={t('home.officer.callSearch')}
              placeholder={t('home.officer.callSearch')}
              onSearch={(text) =>
                setCallFilter(({ q: _, ...f }) => (text.trim() ? { ...f, q: text.trim() } : f))
              }
              style={{ width: 240 }}
            />
          </Space>
        }
      >
        <CursorTable<CallItem>
          key={JSON.stringify(callFilter)}
          queryKey={['work', 'calls', callFilter]}
          fetchPage={(next) => lists.calls(callFilter, next)}
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
            {
              title: t('guide.title'),
              render: (_, g) => <Link to={`/work/guides/${g.id}`}>{g.draft.title}</Link>,
            },
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
    <Card
      title={t('home.admin.templates')}
      extra={
        <Space size="middle">
          <Link to="/work/admin/templates">{t('menu.templates')}</Link>
          <Link to="/work/admin/users">{t('menu.users')}</Link>
        </Space>
      }
    >
      <CursorTable<TemplateItem>
        queryKey={['work', 'templates']}
        fetchPage={lists.templates}
        rowKey="id"
        columns={[
          {
            title: t('template.code'),
            render: (_, x) => <Link to={`/work/admin/templates/${x.code}`}>{x.code}</Link>,
          },
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
