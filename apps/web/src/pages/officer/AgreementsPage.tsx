import { Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { executionLists, type AgreementItem, type AgreementStatus } from '../../api/hooks/officer-execution';
import { CursorTable } from '../../components/CursorTable';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { fenToYuan } from '../../lib/money';
import { AGREEMENT_TONES } from './execution-tones';

// The statuses the list filters by (the API's enum; tsc refuses one it does not know).
const STATUSES: AgreementStatus[] = ['draft', 'signed', 'forfeited'];

/**
 * 任务书与拨款: every agreement, newest first, filtered by status on the server, with what has been
 * paid against the award; each opens its page (terms, signatures, installments).
 */
export function AgreementsPage() {
  const { t, bi } = useI18n();
  const [status, setStatus] = useState<AgreementStatus | undefined>(undefined);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1}>{t('officer.agreements.title')}</Typography.Title>
      <Card>
        <Space style={{ marginBottom: 12 }}>
          <label htmlFor="agreements-status">{t('officer.exec.filterStatus')}</label>
          <Select
            id="agreements-status"
            style={{ width: 200 }}
            value={status ?? ''}
            onChange={(v) => setStatus((v || undefined) as AgreementStatus | undefined)}
            options={[
              { value: '', label: t('officer.exec.all') },
              ...STATUSES.map((s) => ({ value: s, label: t(`officer.agreementStatus.${s}`) })),
            ]}
          />
        </Space>
        <CursorTable<AgreementItem>
          queryKey={['execution', 'agreements', status ?? '']}
          fetchPage={executionLists.agreements(status)}
          rowKey="id"
          columns={[
            {
              title: t('project.title'),
              render: (_, a) => <Link to={`/work/officer/agreements/${a.id}`}>{a.title}</Link>,
            },
            { title: t('officer.agreements.institution'), render: (_, a) => a.institution ?? '—' },
            { title: t('officer.agreements.pi'), dataIndex: 'piName' },
            { title: t('guide.mode'), render: (_, a) => t(`mode.${a.mode}`) },
            { title: t('officer.agreements.amount'), render: (_, a) => fenToYuan(a.amountFen) },
            { title: t('officer.agreements.paid'), render: (_, a) => fenToYuan(a.paidFen) },
            {
              title: t('officer.agreements.status'),
              render: (_, a) => <StatusTag tone={AGREEMENT_TONES[a.status]}>{bi(a.statusLabel)}</StatusTag>,
            },
            { title: t('officer.agreements.signBy'), dataIndex: 'signByLocal' },
          ]}
        />
      </Card>
    </Space>
  );
}
