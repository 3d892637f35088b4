import { Card, Typography } from 'antd';
import { Link } from 'react-router';
import { campaignsPage, type Campaign } from '../../api/hooks/intake';
import { useKeyFieldLabel } from '../../api/hooks/reference';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n';

/** 需求征集: the campaigns, latest window first; each opens its screening queue. */
export function DemandCampaignsPage() {
  const { t, lang } = useI18n();
  const keyFieldLabel = useKeyFieldLabel();
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('intake.campaigns.title')}
      </Typography.Title>
      <CursorTable<Campaign>
        queryKey={['intake', 'campaigns']}
        fetchPage={campaignsPage}
        rowKey="id"
        columns={[
          {
            title: t('intake.campaigns.name'),
            render: (_, c) => <Link to={`/work/demand-campaigns/${c.id}`}>{c.title}</Link>,
          },
          { title: t('guide.status'), render: (_, c) => t(`callStatus.${c.status}`) },
          { title: t('guide.windowEnd'), dataIndex: 'windowEndLocal' },
          {
            title: t('guide.keyField'),
            render: (_, c) => c.keyFields.map((k) => keyFieldLabel(k, lang)).join('、'),
          },
        ]}
      />
    </Card>
  );
}
