import { Alert, App, Button, Form, Input, Modal, Typography } from 'antd';
import { useId, useState } from 'react';
import { useRequireRecusal } from '../../api/hooks/officer';
import { useI18n } from '../../i18n';
import { applyApiErrors } from '../../lib/form-errors';

/** An invitation that still holds its seat without a score: the expert may still be asked to step aside. */
export const mayRequireRecusal = (status: string) => status === 'invited' || status === 'accepted';

/**
 * 要求回避: the officer requires the invitation's expert to step aside, saying why (the expert is
 * told). The invitation ends as recused and the round's workflow draws the replacement; the
 * round is read again, so the replacement shows once drawn. The API's refusals land on the
 * reason or above it; the reason typed stays.
 */
export function RequireRecusal(props: {
  roundId: string;
  assignmentId: string;
  expertName: string;
  applicationTitle: string;
  /** The button's text where it names the expert itself (default: 要求回避, with a label naming both). */
  label?: string;
}) {
  const { roundId, assignmentId, expertName, applicationTitle, label } = props;
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const command = useRequireRecusal(roundId);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const [errors, setErrors] = useState<string[]>([]);
  const formName = `require-recusal-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const title = t('officer.round.requireRecusal.title', { expert: expertName });

  const save = async (v: { reason: string }) => {
    setErrors([]);
    try {
      await command.mutateAsync({ assignmentId, reason: v.reason });
      setOpen(false);
      form.resetFields();
      void message.success(t('officer.round.requireRecusal.done', { expert: expertName }));
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    }
  };

  return (
    <>
      <Button
        size="small"
        danger
        onClick={() => setOpen(true)}
        aria-label={
          label ??
          t('officer.round.requireRecusal.aria', { expert: expertName, application: applicationTitle })
        }
      >
        {label ?? t('officer.round.requireRecusal')}
      </Button>
      <Modal open={open} title={title} onCancel={() => setOpen(false)} footer={null}>
        {/* Rendered once first opened, then kept: the reason typed survives closing and opening
            again, until it is sent. Named per instance: a round page holds one per invitation. */}
        <Form form={form} name={formName} layout="vertical" onFinish={save} aria-label={title}>
          <Typography.Paragraph>
            {t('officer.round.requireRecusal.explain', { application: applicationTitle })}
          </Typography.Paragraph>
          <Form.Item
            name="reason"
            label={t('officer.round.requireRecusal.reason')}
            rules={[
              {
                required: true,
                whitespace: true,
                min: 5,
                message: t('officer.round.requireRecusal.reasonRequired'),
              },
            ]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          {errors.map((e) => (
            <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
          ))}
          <Button type="primary" danger htmlType="submit" loading={command.isPending}>
            {t('officer.round.requireRecusal.submit')}
          </Button>
        </Form>
      </Modal>
    </>
  );
}
