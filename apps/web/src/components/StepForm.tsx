import { Alert, App, Button, Card, Form, Input, Radio, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { applyApiErrors } from '../lib/form-errors';

/**
 * One step's form: its fields, the API's refusals on them (in the user's language; the rest above
 * the button), a submit button. `confirm` names what cannot be undone for the values sent: the user
 * confirms it in a dialog before anything is sent. `children` may be a function of the form, for
 * fields that follow another's value.
 */
export function StepForm<V extends object>({
  title,
  submit,
  onSend,
  initialValues,
  confirm,
  done,
  heading = 2,
  testId,
  children,
}: {
  title: string;
  submit: string;
  onSend: (v: V) => Promise<unknown>;
  initialValues?: Partial<V>;
  /** The question to confirm before sending these values (null: nothing irreversible, sent at once). */
  confirm?: (v: V) => string | null;
  /** The message shown once sent (by default the officer's "done"). */
  done?: string;
  heading?: 2 | 3;
  /** The card's test id, and the form's name (its fields' ids start with it: two forms never share one). */
  testId?: string;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
}) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<V>();
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const send = async (v: V) => {
    setErrors([]);
    setBusy(true);
    try {
      await onSend(v);
      form.resetFields();
      message.success(done ?? t('officer.exec.done'));
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    } finally {
      setBusy(false);
    }
  };
  const Heading = heading === 2 ? 'h2' : 'h3';
  return (
    <Card
      size={heading === 2 ? 'default' : 'small'}
      title={<Heading style={{ fontSize: heading === 2 ? 16 : 15, margin: 0 }}>{title}</Heading>}
      data-testid={testId}
    >
      <Form
        form={form}
        name={testId}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => {
          const question = confirm?.(v) ?? null;
          if (question === null) return send(v);
          modal.confirm({
            title: question,
            content: t('decision.irreversible'),
            okText: submit,
            cancelText: t('common.cancel'),
            onOk: () => send(v),
          });
        }}
      >
        {typeof children === 'function' ? children(form) : children}
        {errors.map((e) => (
          <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
        ))}
        <Button type="primary" htmlType="submit" loading={busy}>
          {submit}
        </Button>
      </Form>
    </Card>
  );
}

/** A decision's two fields: the choice (radio buttons) and the text that goes with it. */
export function ChoiceAndText({
  choice = 'decision',
  options,
  text = 'comment',
  textLabel,
  rows = 3,
  maxLength = 2000,
}: {
  choice?: string;
  options: Array<{ value: string; label: string }>;
  text?: string;
  textLabel: string;
  rows?: number;
  maxLength?: number;
}) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name={choice} label={t('decision.decision')}>
        <Radio.Group options={options} />
      </Form.Item>
      <Form.Item name={text} label={textLabel}>
        <Input.TextArea rows={rows} maxLength={maxLength} />
      </Form.Item>
    </>
  );
}
