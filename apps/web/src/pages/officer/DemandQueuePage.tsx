import { Alert, Card, Descriptions, Radio, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { campaignDemands, useCampaign, type CampaignDemand } from '../../api/hooks/intake';
import { useKeyFieldLabel } from '../../api/hooks/reference';
import { CursorTable } from '../../components/CursorTable';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { formatTime } from '../../lib/time';

/**
 * A campaign's screening queue: its demands, those waiting for a decision first (submitted), each
 * opening its page to accept, reject, return or merge it.
 */
export function DemandQueuePage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const keyFieldLabel = useKeyFieldLabel();
  const campaign = useCampaign(id);
  // Only the one status the queue is about; every other state is read from the API's label.
  const [waiting, setWaiting] = useState(true);
  const status: CampaignDemand['status'] | undefined = waiting ? 'submitted' : undefined;

  if (campaign.isLoading) return <Spin />;
  if (campaign.error || !campaign.data)
    return <Alert type="error" showIcon title={errorText(campaign.error, lang)} />;
  const c = campaign.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('intake.queue.title', { campaign: c.title })}
      </Typography.Title>
      <Card>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'status', label: t('guide.status'), children: t(`callStatus.${c.status}`) },
            { key: 'end', label: t('guide.windowEnd'), children: c.windowEndLocal },
            {
              key: 'fields',
              label: t('guide.keyField'),
              children: c.keyFields.map((k) => keyFieldLabel(k, lang)).join('、'),
            },
            { key: 'counties', label: t('demandForm.county'), children: c.counties.join('、') || '—' },
          ]}
        />
      </Card>
      <Card>
        <Radio.Group
          aria-label={t('intake.queue.filter')}
          optionType="button"
          value={waiting ? 'waiting' : 'all'}
          onChange={(e) => setWaiting(e.target.value === 'waiting')}
          options={[
            { value: 'waiting', label: t('intake.queue.waiting') },
            { value: 'all', label: t('intake.queue.all') },
          ]}
          style={{ marginBottom: 16 }}
        />
        <CursorTable<CampaignDemand>
          queryKey={['intake', 'campaign', id, 'demands', status ?? 'all']}
          fetchPage={campaignDemands(id, status)}
          rowKey="id"
          columns={[
            {
              title: t('demand.title'),
              render: (_, d) => <Link to={`/work/demands/${d.id}`}>{d.content.title}</Link>,
            },
            {
              title: t('intake.demand.submitter'),
              render: (_, d) => [d.submitterName, d.institutionName].filter(Boolean).join(' · '),
            },
            { title: t('guide.keyField'), render: (_, d) => keyFieldLabel(d.content.keyField, lang) },
            { title: t('demandForm.county'), render: (_, d) => d.content.county ?? '—' },
            { title: t('demandForm.urgency'), render: (_, d) => t(`urgency.${d.content.urgency}`) },
            {
              title: t('demand.status'),
              render: (_, d) => (
                <StatusTag tone={d.status === 'submitted' ? 'todo' : d.status === 'accepted' ? 'ok' : 'info'}>
                  {bi(d.statusLabel)}
                </StatusTag>
              ),
            },
            { title: t('intake.demand.submittedAt'), render: (_, d) => formatTime(d.submittedAt) },
          ]}
        />
      </Card>
    </Space>
  );
}
