import { Alert, Button, Col, Descriptions, Form, Input, InputNumber, Result, Row, Space } from 'antd';
import { ApiError } from '../../api/client';
import { useMidterm, useProjectActions, type ProjectView } from '../../api/hooks/execution';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { MIDTERM_SPENDING, midtermBody, type MidtermForm } from './execution-forms';
import { FormErrors, useSubmit } from './ExecutionFields';

/** Phases in which the check waits for the PI's statement (first, or after a rectification). */
const WRITABLE = new Set(['opened', 'rectifying']);

/**
 * 中期检查: when it opens, the self-assessment and spending the PI submits (again after a
 * rectification), the host institution's confirmation, the review and the decision with its reasons.
 */
export function ProjectMidterm({ project }: { project: ProjectView }) {
  const { t, tCode, lang } = useI18n();
  const midterm = useMidterm(project.id);
  if (midterm.isLoading) return null;
  // The program has no mid-term check: the API says so (422), which is an answer, not a failure.
  if (midterm.error instanceof ApiError && midterm.error.status === 422)
    return <Alert type="info" showIcon title={t('exec.midterm.none')} />;
  if (midterm.error || !midterm.data)
    return <Alert type="error" showIcon title={errorText(midterm.error, lang)} />;
  const m = midterm.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('exec.midterm.opensAt')}>{formatTime(m.opensAt)}</Descriptions.Item>
        <Descriptions.Item label={t('exec.phase')}>
          <Space size={4}>
            <span data-testid="midterm-phase">
              {m.phase ? tCode('exec.midtermPhase', m.phase) : t('exec.notOpen')}
            </span>
            {m.round > 1 && <StatusTag tone="todo">{t('exec.recheck')}</StatusTag>}
            {m.overdue && <StatusTag tone="bad">{t('exec.overdue')}</StatusTag>}
          </Space>
        </Descriptions.Item>
        {m.fixBy && <Descriptions.Item label={t('exec.fixBy')}>{formatTime(m.fixBy)}</Descriptions.Item>}
        {m.submission && (
          <>
            <Descriptions.Item label={t('exec.midterm.selfAssessment')} span={2}>
              {m.submission.selfAssessment}
            </Descriptions.Item>
            <Descriptions.Item label={t('exec.midterm.spent')}>
              {fenToYuan(m.submission.spentFen)}
            </Descriptions.Item>
            <Descriptions.Item label={t('exec.submittedAt')}>
              {formatTime(m.submission.submittedAt)}
            </Descriptions.Item>
          </>
        )}
        {m.confirmation && (
          <Descriptions.Item label={t('host.opinion')} span={2}>
            {m.confirmation.opinion}
          </Descriptions.Item>
        )}
        {m.review && (
          <Descriptions.Item label={t('exec.midterm.review')} span={2}>
            {tCode('exec.midtermDecision', m.review.recommendation)}：{m.review.opinion}
          </Descriptions.Item>
        )}
        {m.decision && (
          <Descriptions.Item label={t('exec.midterm.decision')} span={2}>
            <strong>{tCode('exec.midtermDecision', m.decision.decision)}</strong>：{m.decision.reasons}
            {m.decision.changeNote ? `（${m.decision.changeNote}）` : ''}
          </Descriptions.Item>
        )}
      </Descriptions>
      {m.phase && WRITABLE.has(m.phase) ? (
        <MidtermEditor project={project} />
      ) : m.phase === null ? (
        <Alert type="info" showIcon title={t('exec.midterm.notYet', { at: formatTime(m.opensAt) })} />
      ) : m.phase === 'submitted' ? (
        <Result status="info" title={t('exec.midterm.sent')} data-testid="midterm-sent" />
      ) : null}
    </Space>
  );
}

function MidtermEditor({ project }: { project: ProjectView }) {
  const { t } = useI18n();
  const actions = useProjectActions(project.id);
  const [form] = Form.useForm<MidtermForm>();
  const { errors, busy, submit } = useSubmit(form, (v: MidtermForm) =>
    actions.submitMidterm.mutateAsync(midtermBody(v)),
  );
  return (
    <Form form={form} layout="vertical" onFinish={submit} data-testid="midterm-form">
      <FormErrors errors={errors} />
      <Form.Item
        name="selfAssessment"
        label={t('exec.midterm.selfAssessment')}
        extra={t('exec.midterm.selfAssessmentHelp')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Input.TextArea rows={6} maxLength={20_000} />
      </Form.Item>
      <Row gutter={16}>
        {MIDTERM_SPENDING.map((f) => (
          <Col key={f} xs={24} md={6}>
            <Form.Item name={['spending', f]} label={t(`exec.midterm.spending.${f}`)}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('exec.midterm.submit')}
      </Button>
    </Form>
  );
}
