import { Alert, App, Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
import { useI18n } from '../../i18n';
import { applyApiErrors } from '../../lib/form-errors';

type Answer = UseMutationResult<unknown, Error, { decision: 'accept' | 'decline'; reason?: string }>;
type Recuse = UseMutationResult<unknown, Error, { reason: string }>;

/**
 * Answering an invitation (a review or a panel seat): accept, decline with a reason, or declare a
 * conflict of interest with a reason. `canAnswer` false leaves only the conflict (after accepting).
 */
export function InvitationAnswer({
  respond,
  recuse,
  canAnswer,
}: {
  respond: Answer;
  recuse: Recuse;
  canAnswer: boolean;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [mode, setMode] = useState<'decline' | 'recuse' | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const [errors, setErrors] = useState<string[]>([]);

  const send = async (values: { reason: string }) => {
    setErrors([]);
    try {
      if (mode === 'decline') await respond.mutateAsync({ decision: 'decline', reason: values.reason });
      else await recuse.mutateAsync({ reason: values.reason });
      message.success(t(mode === 'decline' ? 'invitation.declined' : 'invitation.recused'));
      setMode(null);
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    }
  };
  const accept = async () => {
    setErrors([]);
    try {
      await respond.mutateAsync({ decision: 'accept' });
      message.success(t('invitation.accepted'));
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {errors.length > 0 && <Alert type="error" showIcon title={errors.join('；')} />}
      <Space wrap>
        {canAnswer && (
          <Button type="primary" loading={respond.isPending && !mode} onClick={accept}>
            {t('invitation.accept')}
          </Button>
        )}
        {canAnswer && <Button onClick={() => setMode('decline')}>{t('invitation.decline')}</Button>}
        <Button danger onClick={() => setMode('recuse')}>
          {t('invitation.recuse')}
        </Button>
      </Space>
      {mode && (
        <Form form={form} layout="vertical" onFinish={send} requiredMark>
          <Form.Item
            name="reason"
            label={t(mode === 'decline' ? 'invitation.declineReason' : 'invitation.recuseReason')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Space>
            <Button
              htmlType="submit"
              type="primary"
              danger={mode === 'recuse'}
              loading={respond.isPending || recuse.isPending}
            >
              {t(mode === 'decline' ? 'invitation.confirmDecline' : 'invitation.confirmRecuse')}
            </Button>
            <Button onClick={() => setMode(null)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      )}
    </Space>
  );
}
