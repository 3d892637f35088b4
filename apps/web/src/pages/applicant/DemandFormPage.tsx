import { Alert, Button, Card, Form, Input, Result, Select, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useSubmitDemand, type DemandBody } from '../../api/hooks/intake';
import { useReference } from '../../api/hooks/reference';
import { useI18n } from '../../i18n';
import { applyApiErrors } from '../../lib/form-errors';
import { RowList } from './ApplicationFormPage';

interface DemandForm {
  campaignId: string;
  title: string;
  keyField: string;
  county?: string;
  problem: string;
  indicators: { name: string; unit: string; value: number }[];
  urgency?: 'high' | 'medium' | 'low';
  contact?: { name: string; phone: string };
}

/** A technology demand (技术需求) for an open demand-collection campaign: saved, then submitted. */
export function DemandFormPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const demand = useSubmitDemand();
  const [form] = Form.useForm<DemandForm>();
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const campaigns = useQuery({
    queryKey: ['demand-campaigns'],
    queryFn: () => unwrap(api.GET('/demand-campaigns', { params: { query: { limit: 50 } } })),
  });
  const open = (campaigns.data?.items ?? []).filter((c) => c.status === 'open');
  const campaignId = Form.useWatch('campaignId', form);
  const campaign = open.find((c) => c.id === campaignId);
  const reference = useReference().data;

  const submit = async (values: DemandForm) => {
    setBusy(true);
    setErrors([]);
    try {
      await demand.send(values as DemandBody);
      setDone(true);
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <Result
        status="success"
        title={t('demandForm.submitted')}
        extra={<Button onClick={() => navigate('/work')}>{t('menu.home')}</Button>}
      />
    );
  return (
    <Card style={{ maxWidth: 800 }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('menu.newDemand')}
      </Typography.Title>
      {campaigns.data && open.length === 0 && (
        <Alert type="info" showIcon title={t('demandForm.noCampaign')} />
      )}
      {errors.length > 0 && (
        <Alert type="error" showIcon title={errors.join('；')} style={{ marginBottom: 16 }} />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ urgency: 'medium', indicators: [{}] }}
      >
        <Form.Item
          name="campaignId"
          label={t('demandForm.campaign')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select options={open.map((c) => ({ value: c.id, label: `${c.title}（${c.windowEndLocal}）` }))} />
        </Form.Item>
        {campaign?.instructions && (
          <Alert type="info" title={campaign.instructions} style={{ marginBottom: 16 }} />
        )}
        <Form.Item
          name="title"
          label={t('demand.title')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="keyField"
            label={t('guide.keyField')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Select
              style={{ width: 280 }}
              options={(reference?.keyFields ?? [])
                .filter(
                  (f) => !campaign || campaign.keyFields.length === 0 || campaign.keyFields.includes(f.code),
                )
                .map((f) => ({ value: f.code, label: lang === 'zh' ? f.zh : f.en }))}
            />
          </Form.Item>
          <Form.Item name="county" label={t('demandForm.county')}>
            <Select
              style={{ width: 220 }}
              allowClear
              options={(reference?.counties ?? []).map((c) => ({ value: c, label: c }))}
            />
          </Form.Item>
          <Form.Item name="urgency" label={t('demandForm.urgency')}>
            <Select
              style={{ width: 160 }}
              options={(['high', 'medium', 'low'] as const).map((u) => ({
                value: u,
                label: t(`urgency.${u}`),
              }))}
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="problem"
          label={t('guide.problem')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input.TextArea rows={5} />
        </Form.Item>
        {/* At least one target indicator: the API refuses a submission without one. */}
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('intake.demand.indicator')}
        </Typography.Title>
        <RowList
          name="indicators"
          addLabel={t('appForm.addIndicator')}
          fields={[
            { name: 'name', label: 'appForm.indicatorName' },
            { name: 'unit', label: 'appForm.indicatorUnit' },
            { name: 'value', label: 'appForm.indicatorTarget', number: true },
          ]}
        />
        <Space wrap>
          <Form.Item name={['contact', 'name']} label={t('demandForm.contactName')}>
            <Input autoComplete="name" />
          </Form.Item>
          <Form.Item name={['contact', 'phone']} label={t('demandForm.contactPhone')}>
            <Input autoComplete="tel" />
          </Form.Item>
        </Space>
        <div>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.submit')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}
