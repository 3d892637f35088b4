import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { StepForm } from '../../components/StepForm';
import { useI18n } from '../../i18n';

/**
 * The host institution's opinion on what a PI sent (a statement, a dossier, a 容错 request),
 * confirmed in a dialog before it is sent on. `children`: fields before the opinion (a choice to
 * confirm or not), whose values `question` and `onSend` receive with it.
 */
export function OpinionStep<V extends { opinion: string }>({
  title,
  question,
  onSend,
  testId,
  initialValues,
  children,
}: {
  title: string;
  question: (v: V) => string;
  onSend: (v: V) => Promise<unknown>;
  testId: string;
  initialValues?: Partial<V>;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <StepForm<V>
      heading={3}
      testId={testId}
      title={title}
      submit={t('host.confirm')}
      done={t('host.confirmed')}
      initialValues={initialValues}
      confirm={question}
      onSend={onSend}
    >
      {children}
      <Form.Item
        name="opinion"
        label={t('host.opinion')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
    </StepForm>
  );
}
