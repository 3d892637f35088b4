import { Alert, App, Button, Checkbox, Form, Input, Result, Space, Typography } from 'antd';
import type { ProjectView } from '../../api/hooks/execution';
import { useProjectAttachments } from '../../api/hooks/execution';
import { useHonestFailure, useHonestFailureActions } from '../../api/hooks/honest-failure';
import { HonestFailureContent } from '../../components/HonestFailureContent';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { FormErrors, useAttachmentUpload, useSubmit } from './ExecutionFields';

/** Project states in which execution goes on (a request is possible). */
const ONGOING = new Set(['ongoing', 'rectifying']);

interface RequestForm {
  originalRecordIds: string[];
  diligenceStatement: string;
}

/**
 * 容错 (RULES §12.5) on the PI's project: the request's step and history (the PI's statement and
 * records, the host institution's opinion, the experts' confirmation, the neutral record once
 * closed); where no request is pending (none yet, or the last refused) the form: the original
 * records chosen among the project's files, and the diligence statement. The API judges the
 * rules (risk flag, no misconduct, reports on time, funds per plan) and names each one not met.
 */
export function ProjectHonestFailure({ project }: { project: ProjectView }) {
  const { t, lang } = useI18n();
  const honest = useHonestFailure(project.id);
  if (honest.isLoading) return null;
  if (honest.error || !honest.data)
    return <Alert type="error" showIcon title={errorText(honest.error, lang)} />;
  const h = honest.data;
  const asks = h.phase === null || h.phase === 'refused';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph style={{ margin: 0 }}>{t('honest.intro')}</Typography.Paragraph>
      <HonestFailureContent view={h} readsRecord />
      {h.phase === 'requested' ? (
        <Result status="info" title={t('honest.sent')} data-testid="honest-sent" />
      ) : h.phase === 'institution_confirmed' ? (
        <Result status="info" title={t('honest.waitExperts')} />
      ) : asks && !ONGOING.has(project.status) ? (
        <Alert type="info" showIcon title={t('honest.ended')} />
      ) : asks ? (
        <>
          {h.phase === 'refused' && <Alert type="warning" showIcon title={t('honest.form.again')} />}
          <RequestEditor projectId={project.id} />
        </>
      ) : null}
    </Space>
  );
}

function RequestEditor({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const actions = useHonestFailureActions(projectId);
  const files = useProjectAttachments(projectId);
  const [form] = Form.useForm<RequestForm>();
  const { errors, busy, submit } = useSubmit(form, (v: RequestForm) =>
    actions.request.mutateAsync({
      originalRecordIds: v.originalRecordIds ?? [],
      diligenceStatement: v.diligenceStatement ?? '',
    }),
  );
  // A file uploaded here is ticked at once: that is why it was uploaded.
  const upload = useAttachmentUpload(projectId, 'honest-records', (id) =>
    form.setFieldValue('originalRecordIds', [...(form.getFieldValue('originalRecordIds') ?? []), id]),
  );
  const items = files.data?.items ?? [];
  return (
    <Form
      form={form}
      name="honest-request"
      layout="vertical"
      initialValues={{ originalRecordIds: [] }}
      data-testid="honest-form"
      onFinish={(v) =>
        modal.confirm({
          title: t('honest.form.submit'),
          content: t('decision.irreversible'),
          okText: t('honest.form.submit'),
          cancelText: t('common.cancel'),
          onOk: () => submit(v),
        })
      }
    >
      <FormErrors errors={errors} />
      <Form.Item
        name="originalRecordIds"
        label={t('honest.form.records')}
        extra={t('honest.form.recordsHelp')}
        // A validator, not `required`: antd would put aria-required on the group's <div>, which ARIA forbids.
        rules={[
          {
            validator: (_, v?: string[]) =>
              v?.length ? Promise.resolve() : Promise.reject(new Error(t('form.required'))),
          },
        ]}
      >
        <Checkbox.Group
          style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          options={items.map((f) => ({ value: f.id, label: `${f.name}（${f.uploadedAtLocal}）` }))}
        />
      </Form.Item>
      {!files.isLoading && items.length === 0 && (
        <Typography.Paragraph>{t('honest.form.noFiles')}</Typography.Paragraph>
      )}
      <Space orientation="vertical" style={{ marginBottom: 16 }}>
        {upload.button}
        {upload.error}
      </Space>
      <Form.Item
        name="diligenceStatement"
        label={t('honest.form.statement')}
        extra={t('honest.form.statementHelp')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Input.TextArea rows={6} maxLength={20_000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('honest.form.submit')}
      </Button>
    </Form>
  );
}
