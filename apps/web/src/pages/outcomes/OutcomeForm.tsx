import { Checkbox, Form, Input, InputNumber, Select, Space, Spin, Typography, type FormInstance } from 'antd';
import { useOutcomeActions, type OutcomeType, type OutcomeView } from '../../api/hooks/outcomes';
import { useReference } from '../../api/hooks/reference';
import { StepForm } from '../../components/StepForm';
import { useI18n } from '../../i18n';
import { AttachmentsSelect } from '../applicant/ExecutionFields';
import { outcomeBody, outcomeFormFrom, type DetailField, type OutcomeFormValues } from './outcome-form';

/**
 * 登记成果: the PI or the host institution registers an outcome with its evidence (a number such as
 * the patent's, or files of the project); a returned one is corrected here and sent again. The
 * type decides the further fields; the API's messages land on them.
 */
export function OutcomeForm({
  projectId,
  outcome,
  onDone,
}: {
  projectId: string;
  /** A returned outcome to correct; absent to register a new one. */
  outcome?: OutcomeView;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const actions = useOutcomeActions();
  const reference = useReference();
  const fieldsOf = useDetailFields();
  // The form starts from the type's fields (antd reads initial values once): wait for them.
  if (!reference.data) return <Spin />;
  return (
    <StepForm<OutcomeFormValues>
      title={outcome ? t('outcome.resubmitTitle', { title: outcome.title }) : t('outcome.registerTitle')}
      submit={outcome ? t('outcome.resubmit') : t('outcome.register')}
      testId={outcome ? `outcome-${outcome.id}` : 'outcome-new'}
      heading={3}
      done={t('outcome.sent')}
      initialValues={
        outcome ? outcomeFormFrom(outcome, fieldsOf(outcome.type)) : { type: 'invention_patent_applied' }
      }
      onSend={async (v) => {
        const body = outcomeBody(v, fieldsOf(v.type));
        if (outcome) await actions.resubmit.mutateAsync({ id: outcome.id, body });
        else await actions.register.mutateAsync({ projectId, body });
        onDone();
      }}
    >
      {(form) => <OutcomeFields form={form} projectId={projectId} />}
    </StepForm>
  );
}

/** Each type's detail fields, as GET /reference gives them (none while it loads). */
export function useDetailFields(): (type: OutcomeType) => DetailField[] {
  const types = useReference().data?.outcomeTypes;
  return (type) => types?.find((o) => o.code === type)?.fields ?? [];
}

function OutcomeFields({ form, projectId }: { form: FormInstance<OutcomeFormValues>; projectId: string }) {
  const { t, lang } = useI18n();
  const reference = useReference().data;
  const fieldsOf = useDetailFields();
  const type: OutcomeType = Form.useWatch('type', form) ?? 'invention_patent_applied';
  const keyField = Form.useWatch('keyField', form);
  const county = Form.useWatch('county', form);
  return (
    <>
      <Space wrap align="start">
        <Form.Item name="type" label={t('exec.outcomes.type')} rules={[{ required: true }]}>
          <Select
            style={{ width: 220 }}
            options={(reference?.outcomeTypes ?? []).map((x) => ({ value: x.code, label: x[lang] }))}
          />
        </Form.Item>
        <Form.Item
          name="occurredOn"
          label={t('exec.outcomes.occurredOn')}
          tooltip={t('outcome.occurredOnHint')}
        >
          <Input type="date" style={{ width: 180 }} />
        </Form.Item>
      </Space>
      <Form.Item name="title" label={t('exec.outcomes.title')} extra={t('outcome.titleHint')}>
        <Input maxLength={200} />
      </Form.Item>
      <Space wrap align="start">
        {fieldsOf(type).map((f) => (
          <DetailItem key={`${type}.${f.name}`} field={f} />
        ))}
      </Space>
      <Form.Item
        name={['evidence', 'reference']}
        label={t('outcome.reference')}
        extra={t('outcome.referenceHint')}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name={['evidence', 'attachmentIds']} label={t('outcome.files')}>
        <AttachmentsSelect projectId={projectId} />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('outcome.placementHint')}</Typography.Paragraph>
      <Space wrap align="start">
        <Form.Item name="keyField" label={t('guide.keyField')}>
          <Select
            allowClear
            style={{ width: 260 }}
            placeholder={t('outcome.asProject')}
            options={(reference?.keyFields ?? []).map((f) => ({ value: f.code, label: f[lang] }))}
          />
        </Form.Item>
        <Form.Item name="county" label={t('demandForm.county')}>
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('outcome.asProject')}
            options={(reference?.counties ?? []).map((c) => ({ value: c, label: c }))}
          />
        </Form.Item>
      </Space>
      {(keyField || county) && (
        <Form.Item name="placementNote" label={t('outcome.placementNote')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      )}
    </>
  );
}

/** One field of the type's details, under `details.<name>` (money typed in yuan). */
function DetailItem({ field }: { field: DetailField }) {
  const { t, bi, lang } = useI18n();
  const name = ['details', field.name];
  const label = bi(field.label);
  switch (field.kind) {
    case 'flag':
      return (
        <Form.Item name={name} valuePropName="checked" label=" " colon={false}>
          <Checkbox>{label}</Checkbox>
        </Form.Item>
      );
    case 'yuan':
      return (
        <Form.Item name={name} label={`${label}（${t('outcome.yuan')}）`}>
          <InputNumber min={0} precision={2} style={{ width: 200 }} />
        </Form.Item>
      );
    case 'count':
      return (
        <Form.Item name={name} label={label}>
          <InputNumber min={1} precision={0} style={{ width: 140 }} />
        </Form.Item>
      );
    case 'choice':
      return (
        <Form.Item name={name} label={label}>
          <Select
            style={{ width: 200 }}
            options={(field.options ?? []).map((o) => ({ value: o.code, label: o[lang] }))}
          />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name={name} label={label}>
          <Input maxLength={200} style={{ width: 280 }} />
        </Form.Item>
      );
  }
}
