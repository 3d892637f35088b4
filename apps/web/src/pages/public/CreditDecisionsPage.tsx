import { Typography } from 'antd';
import { fetchCreditDecisions } from '../../api/hooks/public';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/time';

type Decision = Awaited<ReturnType<typeof fetchCreditDecisions>>['items'][number];

/** Published research-credit decisions (科研失信行为处理决定). */
export function CreditDecisionsPage() {
  const { t, tCode } = useI18n();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('menu.creditDecisions')}
      </Typography.Title>
      <CursorTable<Decision>
        queryKey={['public', 'credit-decisions']}
        fetchPage={fetchCreditDecisions}
        rowKey="id"
        columns={[
          { title: t('credit.decisionNo'), render: (_, d) => d.decisionNo ?? '—' },
          { title: t('credit.subject'), render: (_, d) => tCode('creditSubject', d.subject.type) },
          { title: t('credit.kind'), render: (_, d) => tCode('creditKind', d.kind) },
          { title: t('credit.severity'), render: (_, d) => tCode('severity', d.severity) },
          { title: t('credit.finding'), dataIndex: 'facts' },
          {
            title: t('credit.effective'),
            render: (_, d) =>
              `${formatDate(d.effectiveFrom)} – ${d.effectiveUntil ? formatDate(d.effectiveUntil) : '—'}`,
          },
        ]}
      />
    </>
  );
}
