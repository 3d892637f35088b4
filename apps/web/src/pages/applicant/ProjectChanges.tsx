import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import {
  institutionsByName,
  piCandidates,
  projectChanges,
  useProjectActions,
  type AgreementView,
  type ChangeRequestBody,
  type ChangeView,
  type ProjectView,
} from '../../api/hooks/execution';
import { CursorTable } from '../../components/CursorTable';
import { SearchSelect } from '../../components/SearchSelect';
import { useChangeChain } from '../../components/ExecutionContent';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { formatTime } from '../../lib/time';
import { budgetFormFrom, CHANGE_FORM_KINDS, changeBody, terms, type ChangeForm } from './execution-forms';
import { FormErrors, RowsField, useSubmit } from './ExecutionFields';

/**
 * 项目变更: the project's change requests with where each stands in its approval chain, and a
 * new request of a kind the PI may ask for here, its fields following the kind.
 */
export function ProjectChanges({
  project,
  agreement,
  highlight,
}: {
  project: ProjectView;
  agreement: AgreementView | undefined;
  highlight: string | null;
}) {
  const { t, tCode } = useI18n();
  const chain = useChangeChain();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <CursorTable<ChangeView>
        queryKey={['execution', 'project', project.id, 'changes']}
        fetchPage={projectChanges(project.id)}
        rowKey="id"
        size="small"
        data-testid="changes"
        onRow={(c) => (c.id === highlight ? { style: { background: '#e6f4ff' } } : {})}
        columns={[
          { title: t('host.changeKind'), render: (_, c) => tCode('exec.changeKind', c.kind) },
          { title: t('host.changeReason'), dataIndex: 'reason' },
          { title: t('exec.change.requestedAt'), render: (_, c) => formatTime(c.requestedAt) },
          {
            title: t('application.status'),
            render: (_, c) => (
              <StatusTag tone={c.status === 'approved' ? 'ok' : c.status === 'rejected' ? 'bad' : 'info'}>
                {t(`changeStatus.${c.status}`)}
              </StatusTag>
            ),
          },
          {
            title: t('exec.change.chain'),
            render: (_, c) => chain(c),
          },
        ]}
      />
      {(project.status === 'ongoing' || project.status === 'rectifying') && (
        <ChangeRequestForm project={project} agreement={agreement} />
      )}
    </Space>
  );
}

function ChangeRequestForm({
  project,
  agreement,
}: {
  project: ProjectView;
  agreement: AgreementView | undefined;
}) {
  const { t, tCode } = useI18n();
  const actions = useProjectActions(project.id);
  const [form] = Form.useForm<ChangeForm>();
  const kind = Form.useWatch('kind', form);
  const { errors, busy, submit } = useSubmit(form, async (v: ChangeForm) => {
    await actions.requestChange.mutateAsync(changeBody(v) as ChangeRequestBody);
    form.resetFields();
  });
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('exec.change.new')}</h2>}>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ budget: budgetFormFrom(terms(agreement?.content)), team: [{}] }}
        data-testid="change-form"
      >
        <FormErrors errors={errors} />
        <Form.Item
          name="kind"
          label={t('host.changeKind')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select
            style={{ maxWidth: 360 }}
            options={CHANGE_FORM_KINDS.map((k) => ({ value: k, label: tCode('exec.changeKind', k) }))}
          />
        </Form.Item>
        {kind === 'budget_adjustment' && (
          <>
            <Row gutter={16}>
              {(['equipmentFen', 'businessFen', 'labourFen', 'indirectFen'] as const).map((f) => (
                <Col key={f} xs={24} md={6}>
                  <Form.Item name={['budget', f]} label={t(`exec.change.budget.${f}`)}>
                    <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Form.Item name="pledge" valuePropName="checked">
              <Checkbox>{t('exec.change.pledge')}</Checkbox>
            </Form.Item>
          </>
        )}
        {kind === 'extension' && (
          <Form.Item name="extendBy" label={t('exec.change.extendBy')}>
            <InputNumber min={1} max={12} precision={0} style={{ width: 200 }} />
          </Form.Item>
        )}
        {kind === 'pi_change' && (
          <Form.Item name="newPiId" label={t('decision.change.newPi')} extra={t('exec.change.newPiHint')}>
            <SearchSelect
              queryKey={['execution', 'project', project.id, 'pi-candidates']}
              search={(q) => piCandidates(project.id, q)}
              placeholder={t('exec.change.searchByName')}
            />
          </Form.Item>
        )}
        {kind === 'institution_change' && (
          <Form.Item
            name="newInstitutionId"
            label={t('decision.change.newHost')}
            extra={t('exec.change.newHostHint')}
          >
            <SearchSelect
              queryKey={['institutions']}
              search={institutionsByName}
              placeholder={t('exec.change.searchByName')}
            />
          </Form.Item>
        )}
        {kind === 'team_change' && (
          <RowsField
            name="team"
            addLabel={t('exec.change.addMember')}
            columns={[
              { field: 'name', label: t('exec.change.memberName'), span: 7 },
              { field: 'role', label: t('exec.change.memberRole'), span: 8 },
              { field: 'effortPercent', label: t('exec.change.effort'), kind: 'number', span: 6 },
            ]}
          />
        )}
        {kind === 'objectives_change' && (
          <>
            <Form.Item name="objectives" label={t('exec.change.objectives')}>
              <Input.TextArea rows={4} />
            </Form.Item>
            <Form.Item name="technicalRoute" label={t('exec.change.technicalRoute')}>
              <Input.TextArea rows={4} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="reason"
          label={t('host.changeReason')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('exec.change.submit')}
        </Button>
      </Form>
    </Card>
  );
}
