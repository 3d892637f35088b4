import { Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { executionLists, type LedgerFilter, type LedgerItem } from '../../api/hooks/officer-execution';
import { CursorTable } from '../../components/CursorTable';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { formatDate, formatTime } from '../../lib/time';

type SubjectType = NonNullable<LedgerFilter['subjectType']>;
const SUBJECT_TYPES: Record<SubjectType, true> = {
  person: true,
  institution: true,
  expert: true,
  agency: true,
};

/**
 * 信用记录: the whole credit ledger, newest record first, filtered on the server by the kind of
 * subject; each record with its subject, kind and severity as the API words them, and its case.
 */
export function CreditRecordsPage() {
  const { t, bi } = useI18n();
  const [filter, setFilter] = useState<LedgerFilter>({});
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1}>{t('officer.credit.title')}</Typography.Title>
      <Card>
        <Space style={{ marginBottom: 12 }}>
          <label htmlFor="credit-subject-type">{t('officer.credit.subjectType')}</label>
          <Select
            id="credit-subject-type"
            style={{ width: 200 }}
            value={filter.subjectType ?? ''}
            onChange={(v) => setFilter(v ? { subjectType: v as SubjectType } : {})}
            options={[
              { value: '', label: t('officer.exec.all') },
              ...(Object.keys(SUBJECT_TYPES) as SubjectType[]).map((s) => ({
                value: s,
                label: t(`creditSubject.${s}`),
              })),
            ]}
          />
        </Space>
        <CursorTable<LedgerItem>
          queryKey={['execution', 'ledger', filter]}
          fetchPage={executionLists.ledger(filter)}
          rowKey="id"
          columns={[
            {
              title: t('officer.credit.subject'),
              render: (_, r) => `${r.subjectName ?? r.subject.id.slice(0, 8)}（${bi(r.subjectTypeLabel)}）`,
            },
            { title: t('officer.credit.kind'), render: (_, r) => bi(r.kindLabel) },
            {
              title: t('officer.credit.severity'),
              render: (_, r) => (
                <StatusTag
                  tone={r.severity === 'positive' ? 'ok' : r.severity === 'neutral' ? 'info' : 'bad'}
                >
                  {bi(r.severityLabel)}
                </StatusTag>
              ),
            },
            { title: t('officer.credit.facts'), dataIndex: 'facts' },
            {
              title: t('officer.credit.effective'),
              render: (_, r) =>
                `${formatDate(r.effectiveFrom)} – ${r.effectiveUntil ? formatDate(r.effectiveUntil) : '—'}`,
            },
            { title: t('officer.credit.decisionNo'), render: (_, r) => r.decisionNo ?? '—' },
            {
              title: t('officer.credit.case'),
              render: (_, r) =>
                r.caseId ? <Link to={`/work/officer/cases/${r.caseId}`}>{t('officer.exec.open')}</Link> : '—',
            },
            { title: t('officer.credit.recordedAt'), render: (_, r) => formatTime(r.recordedAt) },
          ]}
        />
      </Card>
    </Space>
  );
}
