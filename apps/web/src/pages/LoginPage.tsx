import { Alert, Button, Card, Form, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { useI18n, type MessageKey } from '../i18n';
import { applyApiErrors } from '../lib/form-errors';

/** The demo accounts (seeds/data/demo.json), shown only in a development build or on a local stack. */
const DEMO_ACCOUNTS: { username: string; role: MessageKey }[] = [
  { username: 'applicant', role: 'role.applicant' },
  { username: 'inst-admin', role: 'role.institution_admin' },
  { username: 'expert', role: 'role.expert' },
  { username: 'officer', role: 'role.officer' },
  { username: 'admin', role: 'role.admin' },
  { username: 'auditor', role: 'role.auditor' },
];
const DEMO_PASSWORD = 'kjflow-demo';
const showDemo = import.meta.env.DEV || ['127.0.0.1', 'localhost'].includes(window.location.hostname);

export function LoginPage() {
  const { user, login } = useAuth();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const next = params.get('next') || '/work';
  if (user) return <Navigate to={next} replace />;

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setErrors([]);
    try {
      await login(values.username, values.password);
      navigate(next, { replace: true });
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card style={{ maxWidth: 460, margin: '24px auto' }}>
      <Typography.Title level={2} style={{ fontSize: 22 }}>
        {t('auth.login')}
      </Typography.Title>
      {errors.length > 0 && (
        <Alert type="error" showIcon title={errors.join('；')} style={{ marginBottom: 16 }} />
      )}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="username"
          label={t('auth.username')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('auth.login')}
        </Button>
      </Form>
      {showDemo && (
        <section aria-label={t('auth.demoAccounts')} style={{ marginTop: 24 }}>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            {t('auth.demoAccounts')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            {t('auth.demoPassword', { password: DEMO_PASSWORD })}
          </Typography.Paragraph>
          <Table
            size="small"
            pagination={false}
            rowKey="username"
            dataSource={DEMO_ACCOUNTS}
            columns={[
              {
                title: t('auth.username'),
                render: (_, r) => (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => form.setFieldsValue({ username: r.username, password: DEMO_PASSWORD })}
                  >
                    {r.username}
                  </Button>
                ),
              },
              { title: t('auth.role'), render: (_, r) => t(r.role) },
            ]}
          />
        </section>
      )}
    </Card>
  );
}
