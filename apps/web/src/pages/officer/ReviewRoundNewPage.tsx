import { Alert, Button, Card, Form, Input, InputNumber, Progress, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useCall, useCallActions } from '../../api/hooks/officer';
import { useI18n } from '../../i18n';
import { applyApiErrors } from '../../lib/form-errors';

interface RoundForm {
  strategy: 'random' | 'optimal' | 'randomized';
  expertsPerApplication?: number;
  maxProbability?: number;
  maxPerExpert?: number;
  seed?: number;
  keyFields?: string;
  keywords?: string;
}

const list = (s?: string) =>
  (s ?? '')
    .split(/[,，]/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * Review-round set-up: strategy, k, the experts' load cap in this round, the pool; the draw runs on
 * submit and the round page explains it.
 */
export function ReviewRoundNewPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const call = useCall(id);
  const { startRound } = useCallActions(id);
  const [form] = Form.useForm<RoundForm>();
  const strategy = Form.useWatch('strategy', form);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  const start = async (v: RoundForm) => {
    setBusy(true);
    setErrors([]);
    try {
      const keyFields = list(v.keyFields);
      const keywords = list(v.keywords);
      const round = await startRound.mutateAsync({
        strategy: v.strategy,
        ...(v.expertsPerApplication ? { expertsPerApplication: v.expertsPerApplication } : {}),
        ...(v.maxProbability ? { maxProbability: v.maxProbability } : {}),
        ...(v.maxPerExpert !== undefined && v.maxPerExpert !== null ? { maxPerExpert: v.maxPerExpert } : {}),
        ...(v.seed !== undefined && v.seed !== null ? { seed: v.seed } : {}),
        ...(keyFields.length || keywords.length
          ? {
              pool: {
                ...(keyFields.length ? { keyFields } : {}),
                ...(keywords.length ? { keywords } : {}),
              },
            }
          : {}),
      } as never);
      navigate(`/work/rounds/${round.id}`);
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1}>
        {t('officer.round.newTitle', { call: call.data?.title ?? '' })}
      </Typography.Title>
      <Card>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ strategy: 'random', expertsPerApplication: 5 }}
          onFinish={start}
        >
          <Form.Item name="strategy" label={t('officer.round.strategy')}>
            <Radio.Group
              options={(['random', 'optimal', 'randomized'] as const).map((s) => ({
                value: s,
                label: t(`officer.round.strategy.${s}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="expertsPerApplication" label={t('officer.round.k')}>
            <InputNumber min={1} max={15} />
          </Form.Item>
          {strategy === 'randomized' && (
            <Form.Item name="maxProbability" label={t('officer.round.maxProbability')}>
              <InputNumber min={0.01} max={1} step={0.05} />
            </Form.Item>
          )}
          <Form.Item
            name="maxPerExpert"
            label={t('officer.round.maxPerExpert')}
            extra={t('officer.round.loadCap')}
          >
            <InputNumber min={1} max={500} precision={0} />
          </Form.Item>
          <Form.Item name="seed" label={t('officer.round.seed')}>
            <InputNumber min={0} max={4294967295} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="keyFields" label={t('officer.round.keyFields')}>
            <Input />
          </Form.Item>
          <Form.Item name="keywords" label={t('officer.round.keywords')}>
            <Input />
          </Form.Item>
          {busy && (
            <>
              <Progress
                percent={99}
                status="active"
                showInfo={false}
                aria-label={t('officer.round.starting')}
              />
              <Typography.Text>{t('officer.round.starting')}</Typography.Text>
            </>
          )}
          {errors.map((e) => (
            <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
          ))}
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('officer.round.start')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
