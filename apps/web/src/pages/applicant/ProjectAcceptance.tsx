import {
  Alert,
  Button,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Space,
  Typography,
} from 'antd';
import {
  useAcceptance,
  useProjectActions,
  type AgreementView,
  type DossierBody,
  type ProjectView,
} from '../../api/hooks/execution';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { dossierBody, dossierFormFrom, terms, type DossierForm } from './execution-forms';
import {
  AttachmentsSelect,
  FormErrors,
  RowsField,
  useBudgetCategoryLabel,
  useSubmit,
} from './ExecutionFields';

/** Phases in which the acceptance waits for the PI's dossier (first, returned, or to rectify). */
const WRITABLE = new Set(['awaiting', 'rectifying']);

/**
 * 验收 (or a dispatch's 年度考核): the deadlines, the dossier the PI submits (summary, indicators
 * planned vs achieved with evidence, final accounts, audit and test reports as attachments),
 * then each step's outcome, the verdict with its reasons and the settlement.
 */
export function ProjectAcceptance({
  project,
  agreement,
}: {
  project: ProjectView;
  agreement: AgreementView | undefined;
}) {
  const { t, tCode, bi, lang } = useI18n();
  const acceptance = useAcceptance(project.id);
  if (acceptance.isLoading) return null;
  if (acceptance.error || !acceptance.data)
    return <Alert type="error" showIcon title={errorText(acceptance.error, lang)} />;
  const x = acceptance.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} title={bi(x.name)}>
        <Descriptions.Item label={t('exec.phase')}>
          <Space size={4}>
            <span data-testid="acceptance-phase">
              {x.phase ? tCode('exec.acceptancePhase', x.phase) : t('exec.acceptance.notYet')}
            </span>
            {x.round > 1 && <StatusTag tone="todo">{t('exec.recheck')}</StatusTag>}
            {x.overdue && <StatusTag tone="bad">{t('exec.overdue')}</StatusTag>}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('exec.acceptance.applyBy')}>{formatTime(x.applyBy)}</Descriptions.Item>
        {x.failsAt && (
          <Descriptions.Item label={t('exec.acceptance.failsAt')}>{formatTime(x.failsAt)}</Descriptions.Item>
        )}
        {x.fixBy && <Descriptions.Item label={t('exec.fixBy')}>{formatTime(x.fixBy)}</Descriptions.Item>}
        {x.submittedAt && (
          <Descriptions.Item label={t('exec.submittedAt')}>{formatTime(x.submittedAt)}</Descriptions.Item>
        )}
        {x.completion !== null && (
          <Descriptions.Item label={t('exec.acceptance.completion')}>
            {`${Math.round(x.completion * 1000) / 10}%`}
          </Descriptions.Item>
        )}
        {x.spentFen !== null && (
          <Descriptions.Item label={t('exec.acceptance.spent')}>{fenToYuan(x.spentFen)}</Descriptions.Item>
        )}
        {x.serviceTotals && (
          <Descriptions.Item label={t('exec.acceptance.serviceTotals')} span={2}>
            {t('exec.acceptance.serviceTotalsText', x.serviceTotals)}
          </Descriptions.Item>
        )}
        {x.confirmation && (
          <Descriptions.Item label={t('host.opinion')} span={2}>
            {x.confirmation.opinion}
          </Descriptions.Item>
        )}
        {x.check && !x.check.complete && (
          <Descriptions.Item label={t('exec.acceptance.returned')} span={2}>
            {x.check.findings}
          </Descriptions.Item>
        )}
        {x.verdictLabel && (
          <Descriptions.Item label={t('acceptance.verdict')} span={2}>
            <strong>{bi(x.verdictLabel)}</strong>
            {x.excellent ? ` · ${t('exec.acceptance.excellent')}` : ''}
            {x.reasons ? `：${x.reasons}` : ''}
          </Descriptions.Item>
        )}
        {x.objectionsUntil && (
          <Descriptions.Item label={t('exec.acceptance.objectionsUntil')}>
            {formatTime(x.objectionsUntil)}
          </Descriptions.Item>
        )}
        {x.settlement && (
          <Descriptions.Item label={t('exec.acceptance.surplus')}>
            {fenToYuan(x.settlement.surplusFen)}
            {x.settlement.surplusKept ? ` · ${t('exec.acceptance.surplusKept')}` : ''}
          </Descriptions.Item>
        )}
      </Descriptions>
      {x.phase && WRITABLE.has(x.phase) ? (
        <DossierEditor project={project} agreement={agreement} last={x.dossier} />
      ) : x.phase === null ? (
        <Alert type="info" showIcon title={t('exec.acceptance.opensAtEnd', { end: project.endsOn })} />
      ) : x.phase === 'submitted' ? (
        <Result status="info" title={t('exec.acceptance.sent')} data-testid="dossier-sent" />
      ) : null}
    </Space>
  );
}

function DossierEditor({
  project,
  agreement,
  last,
}: {
  project: ProjectView;
  agreement: AgreementView | undefined;
  last: Record<string, unknown> | null;
}) {
  const { t } = useI18n();
  const actions = useProjectActions(project.id);
  const [form] = Form.useForm<DossierForm>();
  const { errors, busy, submit } = useSubmit(form, (v: DossierForm) =>
    actions.submitDossier.mutateAsync(dossierBody(v) as DossierBody),
  );
  const categoryLabel = useBudgetCategoryLabel();
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={dossierFormFrom(terms(agreement?.content), last)}
      data-testid="dossier-form"
    >
      <FormErrors errors={errors} />
      <Form.Item
        name="summary"
        label={t('exec.acceptance.summary')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Input.TextArea rows={6} maxLength={20_000} />
      </Form.Item>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('exec.acceptance.indicators')}
      </Typography.Title>
      <RowsField
        name="indicators"
        addLabel={t('exec.report.addIndicator')}
        columns={[
          { field: 'name', label: t('exec.indicator.name'), span: 5 },
          { field: 'unit', label: t('exec.indicator.unit'), span: 2 },
          { field: 'target', label: t('exec.indicator.target'), kind: 'number', span: 3 },
          { field: 'achieved', label: t('exec.indicator.achieved'), kind: 'number', span: 3 },
          { field: 'evidence', label: t('exec.acceptance.evidence'), span: 8 },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('exec.acceptance.accounts')}
      </Typography.Title>
      <RowsField
        name="accounts"
        fixed
        columns={[
          {
            field: 'category',
            label: t('exec.spending.category'),
            kind: 'shown',
            render: categoryLabel,
            span: 6,
          },
          { field: 'plannedFen', label: t('exec.spending.planned'), kind: 'money', span: 9 },
          { field: 'spentFen', label: t('exec.spending.spent'), kind: 'money', span: 9 },
        ]}
      />
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="indirectSpentFen" label={t('exec.acceptance.indirectSpent')}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="auditReportId"
        label={t('exec.acceptance.auditReport')}
        extra={t('exec.acceptance.auditHelp')}
      >
        <AttachmentsSelect projectId={project.id} single />
      </Form.Item>
      <Form.Item name="testReportIds" label={t('exec.acceptance.testReports')}>
        <AttachmentsSelect projectId={project.id} />
      </Form.Item>
      <Form.Item name="attachmentIds" label={t('exec.files.label')}>
        <AttachmentsSelect projectId={project.id} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('exec.acceptance.submit')}
      </Button>
    </Form>
  );
}
