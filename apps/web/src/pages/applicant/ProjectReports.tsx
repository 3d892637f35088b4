import { Alert, Button, Card, Form, Input, Result, Space, Table, Typography } from 'antd';
import { useNavigate } from 'react-router';
import {
  useProjectActions,
  useReports,
  type AgreementView,
  type ProjectView,
  type ReportView,
} from '../../api/hooks/execution';
import { ReportContent, ReportHistory } from '../../components/ExecutionContent';
import { StatusTag, type Tone } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { formatTime } from '../../lib/time';
import {
  reportBody,
  reportFormFrom,
  serviceLogBody,
  serviceLogFormFrom,
  terms,
  type ReportForm,
  type ServiceLogForm,
} from './execution-forms';
import {
  AttachmentsSelect,
  FormErrors,
  RowsField,
  useBudgetCategoryLabel,
  useSubmit,
} from './ExecutionFields';

/** Statuses in which the report is the PI's to write (due, or returned for a new version). */
const WRITABLE = new Set(['due', 'returned']);
const TONE: Record<string, Tone> = {
  due: 'todo',
  returned: 'bad',
  submitted: 'info',
  confirmed: 'info',
  accepted: 'ok',
};

/**
 * 进展报告: the project's schedule of reports with their states; the one chosen (`seq`, from the
 * inbox or the list) opens as a form while it is the PI's to write, else as sent with its reviews.
 */
export function ProjectReports({
  project,
  agreement,
  seq,
}: {
  project: ProjectView;
  agreement: AgreementView | undefined;
  seq: number | null;
}) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const reports = useReports(project.id);
  if (reports.error) return <Alert type="error" showIcon title={errorText(reports.error, lang)} />;
  const items = reports.data?.items ?? [];
  const open = items.find((r) => r.seq === seq) ?? null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Table<ReportView>
        size="small"
        rowKey="seq"
        loading={reports.isLoading}
        pagination={false}
        dataSource={items}
        data-testid="reports"
        onRow={(r) => (r.seq === seq ? { style: { background: '#e6f4ff' } } : {})}
        columns={[
          { title: t('host.reportSeq'), render: (_, r) => t('exec.report.n', { n: r.seq }) },
          { title: t('exec.report.dueAt'), render: (_, r) => formatTime(r.dueAt) },
          {
            title: t('application.status'),
            render: (_, r) => (
              <Space size={4}>
                <StatusTag tone={TONE[r.status] ?? 'info'}>
                  <span data-testid={`report-status-${r.seq}`}>{t(`reportStatus.${r.status}`)}</span>
                </StatusTag>
                {r.overdue && <StatusTag tone="bad">{t('exec.overdue')}</StatusTag>}
              </Space>
            ),
          },
          { title: t('exec.report.versions'), render: (_, r) => r.versions.length },
          {
            title: t('inbox.action'),
            render: (_, r) => (
              <Button
                size="small"
                type={WRITABLE.has(r.status) ? 'primary' : 'default'}
                onClick={() => navigate(`/work/projects/${project.id}/reports/${r.seq}`)}
              >
                {WRITABLE.has(r.status)
                  ? t(r.status === 'returned' ? 'exec.report.revise' : 'exec.report.write', { n: r.seq })
                  : t('exec.report.view', { n: r.seq })}
              </Button>
            ),
          },
        ]}
      />
      {open && (
        <Card
          key={`${open.seq}:${open.versions.length}:${open.status}`}
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('exec.report.n', { n: open.seq })}</h2>}
        >
          <ReportHistory report={open} />
          {WRITABLE.has(open.status) ? (
            project.reportKind === 'service_log' ? (
              <ServiceLogEditor project={project} report={open} />
            ) : (
              <ProgressReportEditor project={project} agreement={agreement} report={open} />
            )
          ) : (
            <ReportSent projectId={project.id} report={open} />
          )}
        </Card>
      )}
    </Space>
  );
}

/** The last version as sent (a report waiting on the institution or the bureau, or accepted). */
function ReportSent({ projectId, report }: { projectId: string; report: ReportView }) {
  const { t } = useI18n();
  const last = report.versions[report.versions.length - 1];
  if (!last) return null;
  return (
    <>
      <Result
        status={report.status === 'accepted' ? 'success' : 'info'}
        title={t(`reportStatus.${report.status}`)}
        subTitle={t('exec.report.sentAt', { at: formatTime(last.submittedAt) })}
        data-testid="report-sent"
      />
      <ReportContent content={last.content} projectId={projectId} />
    </>
  );
}

function ProgressReportEditor({
  project,
  agreement,
  report,
}: {
  project: ProjectView;
  agreement: AgreementView | undefined;
  report: ReportView;
}) {
  const { t } = useI18n();
  const actions = useProjectActions(project.id);
  const [form] = Form.useForm<ReportForm>();
  const last = report.versions[report.versions.length - 1]?.content ?? null;
  const { errors, busy, submit } = useSubmit(form, (v: ReportForm) =>
    actions.submitReport.mutateAsync({ seq: report.seq, body: reportBody(v) }),
  );
  const categoryLabel = useBudgetCategoryLabel();
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={reportFormFrom(terms(agreement?.content), last)}
      data-testid="report-form"
    >
      <FormErrors errors={errors} />
      <Form.Item
        name="progress"
        label={t('exec.report.progress')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Input.TextArea rows={5} maxLength={10_000} />
      </Form.Item>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('exec.report.milestones')}
      </Typography.Title>
      <RowsField
        name="milestones"
        addLabel={t('exec.report.addMilestone')}
        columns={[
          { field: 'name', label: t('exec.milestone.title'), span: 7 },
          {
            field: 'status',
            label: t('exec.report.milestoneStatus'),
            span: 5,
            options: (['done', 'on_track', 'delayed', 'not_started'] as const).map((s) => ({
              value: s,
              label: t(`exec.milestoneProgress.${s}`),
            })),
          },
          { field: 'note', label: t('budget.note'), span: 9 },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('exec.report.indicators')}
      </Typography.Title>
      <RowsField
        name="indicators"
        addLabel={t('exec.report.addIndicator')}
        columns={[
          { field: 'name', label: t('exec.indicator.name'), span: 7 },
          { field: 'unit', label: t('exec.indicator.unit'), span: 4 },
          { field: 'target', label: t('exec.indicator.target'), kind: 'number', span: 5 },
          { field: 'achieved', label: t('exec.indicator.achieved'), kind: 'number', span: 5 },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('exec.report.spending')}
      </Typography.Title>
      <RowsField
        name="spending"
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
      <Form.Item name="problems" label={t('exec.report.problems')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      <Form.Item name="outcomes" label={t('exec.report.outcomes')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      <Form.Item name="attachmentIds" label={t('exec.files.label')}>
        <AttachmentsSelect projectId={project.id} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('exec.report.submit', { n: report.seq })}
      </Button>
    </Form>
  );
}

/** 服务日志: a commissioner's report of the period (visits, trainings, technologies, problems solved). */
function ServiceLogEditor({ project, report }: { project: ProjectView; report: ReportView }) {
  const { t } = useI18n();
  const actions = useProjectActions(project.id);
  const [form] = Form.useForm<ServiceLogForm>();
  const last = report.versions[report.versions.length - 1]?.content ?? null;
  const { errors, busy, submit } = useSubmit(form, (v: ServiceLogForm) =>
    actions.submitReport.mutateAsync({ seq: report.seq, body: serviceLogBody(v) }),
  );
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={serviceLogFormFrom(last)}>
      <FormErrors errors={errors} />
      <Form.Item
        name="summary"
        label={t('exec.log.summary')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Input.TextArea rows={4} />
      </Form.Item>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('exec.log.visits')}
      </Typography.Title>
      <RowsField
        name="visits"
        addLabel={t('exec.log.addVisit')}
        columns={[
          { field: 'date', label: t('exec.log.date'), kind: 'date', span: 5 },
          { field: 'place', label: t('exec.log.place'), span: 6 },
          { field: 'served', label: t('exec.log.served'), span: 5 },
          { field: 'note', label: t('budget.note'), span: 5 },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('exec.log.trainings')}
      </Typography.Title>
      <RowsField
        name="trainings"
        addLabel={t('exec.log.addTraining')}
        columns={[
          { field: 'topic', label: t('exec.log.topic'), span: 9 },
          { field: 'sessions', label: t('exec.log.sessions'), kind: 'number', span: 6 },
          { field: 'peopleTrained', label: t('exec.log.people'), kind: 'number', span: 6 },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('exec.log.technologies')}
      </Typography.Title>
      <RowsField
        name="technologies"
        addLabel={t('exec.log.addTechnology')}
        columns={[
          { field: 'name', label: t('exec.log.technology'), span: 9 },
          { field: 'note', label: t('budget.note'), span: 12 },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('exec.log.problems')}
      </Typography.Title>
      <RowsField
        name="problemsSolved"
        addLabel={t('exec.log.addProblem')}
        columns={[
          { field: 'problem', label: t('exec.log.problem'), span: 10 },
          { field: 'solution', label: t('exec.log.solution'), span: 11 },
        ]}
      />
      <Form.Item name="attachmentIds" label={t('exec.files.label')}>
        <AttachmentsSelect projectId={project.id} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('exec.report.submit', { n: report.seq })}
      </Button>
    </Form>
  );
}
