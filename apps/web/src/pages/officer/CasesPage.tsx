import { Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { executionLists, type CaseItem, type CaseStatus } from '../../api/hooks/officer-execution';
import { CursorTable } from '../../components/CursorTable';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { formatTime } from '../../lib/time';
import { CASE_TONES } from './execution-tones';

const STATUSES = Object.keys(CASE_TONES) as CaseStatus[];

/** 科研失信案件: every case, newest report first, filtered by status on the server; each opens its page. */
export function CasesPage() {
  const { t, bi } = useI18n();
  const [status, setStatus] = useState<CaseStatus | undefined>(undefined);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1}>{t('officer.cases.title')}</Typography.Title>
      <Card>
        <Space style={{ marginBottom: 12 }}>
          <label htmlFor="cases-status">{t('officer.exec.filterStatus')}</label>
          <Select
            id="cases-status"
            style={{ width: 240 }}
            value={status ?? ''}
            onChange={(v) => setStatus((v || undefined) as CaseStatus | undefined)}
            options={[
              { value: '', label: t('officer.exec.all') },
              ...STATUSES.map((s) => ({ value: s, label: t(`officer.caseStatus.${s}`) })),
            ]}
          />
        </Space>
        <CursorTable<CaseItem>
          queryKey={['execution', 'cases', status ?? '']}
          fetchPage={executionLists.cases(status)}
          rowKey="id"
          columns={[
            {
              title: t('officer.case.subject'),
              render: (_, c) => (
                <Link to={`/work/officer/cases/${c.id}`}>{c.subject.name ?? c.subject.id.slice(0, 8)}</Link>
              ),
            },
            { title: t('officer.case.subjectType'), render: (_, c) => bi(c.subjectTypeLabel) },
            {
              title: t('officer.case.facts'),
              render: (_, c) => (c.facts.length > 60 ? `${c.facts.slice(0, 60)}…` : c.facts),
            },
            {
              title: t('officer.case.status'),
              render: (_, c) => <StatusTag tone={CASE_TONES[c.status]}>{bi(c.statusLabel)}</StatusTag>,
            },
            { title: t('officer.case.reportedAt'), render: (_, c) => formatTime(c.reportedAt) },
            {
              title: t('officer.case.investigationDeadline'),
              render: (_, c) => formatTime(c.investigationDeadline),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
