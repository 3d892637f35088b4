import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useCall, useCreateApplication } from '../../api/hooks/applications';
import { useI18n } from '../../i18n';
import { applyApiErrors } from '../../lib/form-errors';
import { fenToYuan } from '../../lib/money';
import { OpenCallsPage } from '../public/OpenCallsPage';

/** Starts an application under a call (from a guide's "apply"), then opens its form. */
export function NewApplicationPage() {
  const [params] = useSearchParams();
  const callId = params.get('callId');
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { data: call } = useCall(callId);
  const createApplication = useCreateApplication();
  const [form] = Form.useForm<{ title: string }>();
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  if (!callId) {
    return (
      <>
        <Alert type="info" showIcon title={t('newApp.pickCall')} style={{ marginBottom: 16 }} />
        <OpenCallsPage />
      </>
    );
  }
  const create = async ({ title }: { title: string }) => {
    setBusy(true);
    setErrors([]);
    try {
      const topicId = params.get('topicId') ?? (call?.mode === 'challenge' ? call.topicId : null);
      const app = await createApplication.mutateAsync({ callId, title, topicId });
      navigate(`/work/applications/${app.id}`, { replace: true });
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card style={{ maxWidth: 720 }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('menu.newApplication')}
      </Typography.Title>
      {call && (
        <Typography.Paragraph type="secondary">
          {call.title} · {t('guide.windowEnd')} {call.windowEndLocal} · {t('guide.budgetCap')}{' '}
          {fenToYuan(call.budgetCapFen)}
        </Typography.Paragraph>
      )}
      {errors.length > 0 && (
        <Alert type="error" showIcon title={errors.join('；')} style={{ marginBottom: 16 }} />
      )}
      <Form form={form} layout="vertical" onFinish={create}>
        <Form.Item
          name="title"
          label={t('application.title')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('newApp.create')}
        </Button>
      </Form>
    </Card>
  );
}
