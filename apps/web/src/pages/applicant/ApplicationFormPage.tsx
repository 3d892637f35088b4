import {
  Alert,
  Anchor,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, uploadFile } from '../../api/client';
import {
  fetchApplication,
  useSaveDraft,
  useSubmitApplication,
  useApplication,
  useAttachments,
} from '../../api/hooks/applications';
import { useReference } from '../../api/hooks/reference';
import type { SubmitResult } from '../../api/hooks/work';
import { BudgetTable } from '../../components/BudgetTable';
import { FileButton } from '../../components/FileButton';
import { StatusTag } from '../../components/StatusTag';
import { useI18n, type MessageKey } from '../../i18n';
import { budgetTotals } from '../../lib/budget';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { changedFields } from '../../lib/changed-fields';
import { fenToYuan } from '../../lib/money';
import { fromForm, toForm, type FormValues } from './application-form';

const EDITABLE = new Set(['draft', 'returned']);
const SECTIONS: { id: string; label: MessageKey }[] = [
  { id: 'basic', label: 'appForm.basic' },
  { id: 'pi', label: 'appForm.pi' },
  { id: 'team', label: 'appForm.team' },
  { id: 'plan', label: 'appForm.plan' },
  { id: 'indicators', label: 'appForm.indicators' },
  { id: 'budget', label: 'appForm.budget' },
  { id: 'attachments', label: 'appForm.attachments' },
  { id: 'submit', label: 'appForm.submit' },
];

/**
 * The application form: sections on one page (so every field the API may name is on screen), save
 * as draft with If-Match (a 412 says someone saved in between; nothing typed is lost), the budget
 * table, attachments with progress, the integrity pledge, and submission with the formal-check
 * warnings before (a preview) and after (the server's checklist).
 */
export function ApplicationFormPage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data, error, isLoading } = useApplication(id);
  const saveDraft = useSaveDraft(id);
  const submitApplication = useSubmitApplication(id);
  const [form] = Form.useForm<FormValues>();
  const etag = useRef<string>('');
  const [errors, setErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [pledged, setPledged] = useState(false);
  const [result, setResult] = useState<SubmitResult | null>(null);

  // The server's copy fills the form once per load (and after "load the latest"), never under the user's typing.
  useEffect(() => {
    if (!data) return;
    etag.current = data.etag;
    form.setFieldsValue(toForm(data.view.content));
  }, [data, form]);

  if (isLoading) return <Spin />;
  if (error || !data) return <Alert type="error" showIcon title={errorText(error, lang)} />;
  const app = data.view;
  const editable = EDITABLE.has(app.status) && !result;

  /** Saves the form; returns false (with the messages on the fields) when the API refuses. */
  const save = async (opts: { quiet?: boolean } = {}): Promise<boolean> => {
    // The fields changed since the saved copy; nothing changed, nothing to save.
    const patch = changedFields(fromForm(toForm(app.content)), fromForm(form.getFieldsValue(true)));
    if (Object.keys(patch).length === 0) {
      if (!opts.quiet) void message.success(t('form.saved'));
      return true;
    }
    setSaving(true);
    setErrors([]);
    try {
      const saved = await saveDraft.mutateAsync({ etag: etag.current, body: patch });
      etag.current = saved.etag;
      queryClient.setQueryData(['application', id], saved);
      if (!opts.quiet) void message.success(t('form.saved'));
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) setConflict(true);
      else setErrors(applyApiErrors(form, err, lang));
      return false;
    } finally {
      setSaving(false);
    }
  };

  const submit = async () => {
    if (!(await save({ quiet: true }))) return;
    setSaving(true);
    try {
      setResult(await submitApplication.mutateAsync());
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Row gutter={24}>
      <Col xs={0} lg={4}>
        <Anchor
          offsetTop={16}
          items={SECTIONS.map((s) => ({ key: s.id, href: `#${s.id}`, title: t(s.label) }))}
          getCurrentAnchor={(a) => a}
          onClick={(e, link) => {
            e.preventDefault();
            document.getElementById(link.href.slice(1))?.scrollIntoView({ behavior: 'smooth' });
          }}
        />
      </Col>
      <Col xs={24} lg={20}>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {app.content.title} <Tag color="blue">{bi(app.statusLabel)}</Tag>
        </Typography.Title>
        <Space style={{ marginBottom: 16 }}>
          <Typography.Text type="secondary">{app.callTitle}</Typography.Text>
          <Link to={`/work/applications/${id}/status`} style={{ textDecoration: 'underline' }}>
            {t('appForm.statusLink')}
          </Link>
        </Space>
        {!editable && !result && (
          <Alert type="info" showIcon title={t('appForm.readOnly')} style={{ marginBottom: 16 }} />
        )}
        {errors.length > 0 && (
          <Alert
            type="error"
            showIcon
            title={t('appForm.saveFailed')}
            description={errors.join('；')}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form form={form} layout="vertical" disabled={!editable} scrollToFirstError>
          <Card id="basic" title={t('appForm.basic')} size="small">
            <Form.Item
              name="title"
              label={t('application.title')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="summary" label={t('appForm.summary')}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="requestedFen" label={t('appForm.requestedYuan')}>
              <InputNumber min={0} precision={2} style={{ width: 240 }} />
            </Form.Item>
          </Card>

          <Card id="pi" title={t('appForm.pi')} size="small" style={{ marginTop: 16 }}>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name={['pi', 'name']} label={t('appForm.piName')}>
                  <Input autoComplete="name" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={['pi', 'title']} label={t('appForm.piTitle')}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={['pi', 'titleLevel']} label={t('appForm.piTitleLevel')}>
                  <Select
                    options={(['none', 'junior', 'intermediate', 'associate', 'full'] as const).map((v) => ({
                      value: v,
                      label: t(`titleLevel.${v}`),
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={['pi', 'phone']} label={t('appForm.piPhone')}>
                  <Input autoComplete="tel" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={['pi', 'email']} label={t('appForm.piEmail')}>
                  <Input autoComplete="email" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={['pi', 'idNumber']} label={t('appForm.piIdNumber')}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={['pi', 'effortPercent']} label={t('appForm.effortPercent')}>
                  <InputNumber min={0} max={100} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card id="team" title={t('appForm.team')} size="small" style={{ marginTop: 16 }}>
            <RowList
              name="team"
              addLabel={t('appForm.addMember')}
              fields={[
                { name: 'name', label: 'appForm.memberName' },
                { name: 'role', label: 'appForm.memberRole' },
                { name: 'organisation', label: 'appForm.memberOrganisation' },
                { name: 'title', label: 'appForm.piTitle' },
                { name: 'effortPercent', label: 'appForm.effortPercent', number: true },
              ]}
            />
            <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
              {t('appForm.cooperators')}
            </Typography.Title>
            <RowList
              name="cooperators"
              addLabel={t('appForm.addCooperator')}
              fields={[
                { name: 'name', label: 'appForm.cooperatorName' },
                { name: 'region', label: 'appForm.cooperatorRegion' },
                { name: 'division', label: 'appForm.cooperatorDivision' },
              ]}
            />
          </Card>

          <Card id="plan" title={t('appForm.plan')} size="small" style={{ marginTop: 16 }}>
            <Form.Item name="objectives" label={t('appForm.objectives')}>
              <Input.TextArea rows={4} />
            </Form.Item>
            <Form.Item name="technicalRoute" label={t('appForm.technicalRoute')}>
              <Input.TextArea rows={4} />
            </Form.Item>
            <Form.Item name="ethicsReviewRequired" valuePropName="checked">
              <Checkbox>{t('appForm.ethics')}</Checkbox>
            </Form.Item>
          </Card>

          <Card id="indicators" title={t('appForm.indicators')} size="small" style={{ marginTop: 16 }}>
            <RowList
              name="indicators"
              addLabel={t('appForm.addIndicator')}
              fields={[
                { name: 'name', label: 'appForm.indicatorName' },
                { name: 'unit', label: 'appForm.indicatorUnit' },
                { name: 'target', label: 'appForm.indicatorTarget', number: true },
                { name: 'assessment', label: 'appForm.indicatorAssessment' },
              ]}
            />
            <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
              {t('appForm.schedule')}
            </Typography.Title>
            <RowList
              name="schedule"
              addLabel={t('appForm.addMilestone')}
              fields={[
                { name: 'title', label: 'appForm.milestoneTitle' },
                { name: 'start', label: 'appForm.milestoneStart', date: true },
                { name: 'end', label: 'appForm.milestoneEnd', date: true },
                { name: 'deliverable', label: 'appForm.milestoneDeliverable' },
              ]}
            />
          </Card>

          <Card id="budget" title={t('appForm.budget')} size="small" style={{ marginTop: 16 }}>
            <BudgetTable form={form} />
          </Card>
        </Form>

        <Card id="attachments" title={t('appForm.attachments')} size="small" style={{ marginTop: 16 }}>
          <Attachments applicationId={id} editable={editable} />
        </Card>

        <Card id="submit" title={t('appForm.submit')} size="small" style={{ marginTop: 16 }}>
          {result ? (
            <SubmitOutcome result={result} />
          ) : (
            <>
              <PreSubmitWarnings form={form} applicationId={id} pledged={pledged} />
              <Checkbox
                checked={pledged}
                disabled={!editable}
                onChange={(e) => setPledged(e.target.checked)}
                style={{ margin: '16px 0' }}
              >
                {t('appForm.pledge')}
              </Checkbox>
              <Space>
                <Button onClick={() => save()} loading={saving} disabled={!editable}>
                  {t('appForm.saveDraft')}
                </Button>
                <Button type="primary" onClick={submit} loading={saving} disabled={!editable || !pledged}>
                  {t('appForm.submitNow')}
                </Button>
              </Space>
            </>
          )}
        </Card>
      </Col>
      <Modal
        open={conflict}
        title={t('appForm.conflictTitle')}
        onCancel={() => setConflict(false)}
        footer={[
          <Button
            key="reload"
            onClick={async () => {
              setConflict(false);
              const latest = await fetchApplication(id);
              queryClient.setQueryData(['application', id], latest);
            }}
          >
            {t('appForm.conflictLoad')}
          </Button>,
          <Button
            key="keep"
            type="primary"
            onClick={async () => {
              setConflict(false);
              // Keep what was typed: take the newer version's ETag, then save over it.
              etag.current = (await fetchApplication(id)).etag;
              await save();
            }}
          >
            {t('appForm.conflictOverwrite')}
          </Button>,
        ]}
      >
        {t('appForm.conflictBody')}
      </Modal>
    </Row>
  );
}

interface RowField {
  name: string;
  label: MessageKey;
  number?: boolean;
  date?: boolean;
}

/** A repeatable row of inputs (team, partners, indicators, milestones), each input labelled. */
export function RowList({ name, fields, addLabel }: { name: string; fields: RowField[]; addLabel: string }) {
  const { t } = useI18n();
  const span = Math.floor(22 / fields.length);
  return (
    <Form.List name={name}>
      {(rows, { add, remove }) => (
        <>
          {rows.map((row, i) => (
            <Row key={row.key} gutter={8} align="bottom">
              {fields.map((f) => (
                <Col key={f.name} xs={24} md={span}>
                  <Form.Item name={[row.name, f.name]} label={`${t(f.label)} ${i + 1}`}>
                    {f.number ? (
                      <InputNumber style={{ width: '100%' }} />
                    ) : f.date ? (
                      <Input type="date" />
                    ) : (
                      <Input />
                    )}
                  </Form.Item>
                </Col>
              ))}
              <Col xs={24} md={2}>
                <Form.Item>
                  <Button type="link" danger onClick={() => remove(row.name)}>
                    {t('common.remove')}
                  </Button>
                </Form.Item>
              </Col>
            </Row>
          ))}
          <Button onClick={() => add({})}>{addLabel}</Button>
        </>
      )}
    </Form.List>
  );
}

/** The required documents with their state, and an upload per document with its progress. */
function Attachments({ applicationId, editable }: { applicationId: string; editable: boolean }) {
  const { t, bi, lang } = useI18n();
  const queryClient = useQueryClient();
  const { data } = useAttachments(applicationId);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [error, setError] = useState<string | null>(null);
  const upload = async (document: string, file: File) => {
    setError(null);
    setProgress((p) => ({ ...p, [document]: 0 }));
    try {
      const q = new URLSearchParams({ document, name: file.name });
      await uploadFile(`/applications/${applicationId}/attachments?${q}`, file, (pct) =>
        setProgress((p) => ({ ...p, [document]: pct })),
      );
      setProgress((p) => ({ ...p, [document]: 100 }));
      await queryClient.invalidateQueries({ queryKey: ['application', applicationId, 'attachments'] });
    } catch (err) {
      setError(errorText(err, lang));
      setProgress((p) => {
        const next = { ...p };
        delete next[document];
        return next;
      });
    }
  };
  if (!data) return <Spin />;
  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <List
        dataSource={[
          ...data.required,
          { code: 'other', name: { zh: '其他材料', en: 'Other documents' }, present: false },
        ]}
        renderItem={(doc) => {
          const uploaded = data.items.filter((a) => a.document === doc.code);
          const inputId = `upload-${doc.code}`;
          return (
            <List.Item
              extra={
                editable && (
                  <FileButton
                    id={inputId}
                    label={`${t('appForm.upload')} ${bi(doc.name)}`}
                    onFile={(f) => void upload(doc.code, f)}
                  >
                    {t('appForm.upload')}
                  </FileButton>
                )
              }
            >
              <List.Item.Meta
                title={
                  <Space>
                    {bi(doc.name)}
                    {doc.code !== 'other' &&
                      (doc.present ? (
                        <StatusTag tone="ok">{t('appForm.docPresent')}</StatusTag>
                      ) : (
                        <StatusTag tone="todo">{t('appForm.docMissing')}</StatusTag>
                      ))}
                  </Space>
                }
                description={uploaded
                  .map((a) => `${a.name}（${Math.ceil(a.sizeBytes / 1024)} KB，${a.uploadedAtLocal}）`)
                  .join('；')}
              />
              {progress[doc.code] !== undefined && progress[doc.code] < 100 && (
                <Progress
                  percent={progress[doc.code]}
                  size="small"
                  style={{ width: 160 }}
                  aria-label={t('appForm.uploading')}
                />
              )}
            </List.Item>
          );
        }}
      />
    </>
  );
}

/** What the formal check is likely to flag, as the applicant fills in (the server decides on submission). */
function PreSubmitWarnings({
  form,
  applicationId,
  pledged,
}: {
  form: ReturnType<typeof Form.useForm<FormValues>>[0];
  applicationId: string;
  pledged: boolean;
}) {
  const { t, bi } = useI18n();
  const values = Form.useWatch([], form) as FormValues | undefined;
  const { data: attachments } = useAttachments(applicationId);
  const tiers = useReference().data?.indirectTiers;
  if (!values) return null;
  const warnings: string[] = [];
  const totals = budgetTotals(values.budget, values.requestedFen, tiers);
  if (!values.pi?.name) warnings.push(t('precheck.pi'));
  if ((values.objectives ?? '').trim().length < 20) warnings.push(t('precheck.objectives'));
  if ((values.technicalRoute ?? '').trim().length < 20) warnings.push(t('precheck.route'));
  if (!values.indicators?.length) warnings.push(t('precheck.indicators'));
  if (!values.schedule?.length) warnings.push(t('precheck.schedule'));
  if (totals.directFen === 0) warnings.push(t('precheck.budget'));
  if (totals.capFen !== null && totals.indirectFen > totals.capFen)
    warnings.push(t('budget.overCap', { cap: fenToYuan(totals.capFen) }));
  if (totals.totalFen > 0 && totals.totalFen !== totals.sourcesFen)
    warnings.push(
      t('budget.unbalanced', { total: fenToYuan(totals.totalFen), sources: fenToYuan(totals.sourcesFen) }),
    );
  for (const d of attachments?.required ?? [])
    if (!d.present) warnings.push(t('precheck.document', { name: bi(d.name) }));
  if (!pledged) warnings.push(t('precheck.pledge'));
  return warnings.length ? (
    <Alert
      type="warning"
      showIcon
      title={t('precheck.title')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="precheck">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      }
    />
  ) : (
    <Alert type="success" showIcon title={t('precheck.clear')} />
  );
}

/** The answer to a submission: its new status and the formal-check rules the server ran. */
function SubmitOutcome({ result }: { result: SubmitResult }) {
  const { t, bi } = useI18n();
  const tone = { pass: 'ok', flag: 'todo', fail: 'bad' } as const;
  return (
    <>
      <Alert
        type="success"
        showIcon
        title={t('appForm.submitted', { status: bi(result.statusLabel) })}
        style={{ marginBottom: 16 }}
      />
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('appForm.checklistAfter')}
      </Typography.Title>
      <List
        size="small"
        dataSource={result.checklist}
        data-testid="checklist"
        renderItem={(c) => (
          <List.Item>
            <Space orientation="vertical" size={0}>
              <Space>
                <StatusTag tone={tone[c.outcome]}>{t(`checkOutcome.${c.outcome}`)}</StatusTag>
                {bi(c.label)}
              </Space>
              {c.reasons.map((r, i) => (
                <Typography.Text key={i} type="secondary">
                  {bi(r)}
                </Typography.Text>
              ))}
            </Space>
          </List.Item>
        )}
      />
      <Link to={`/work/applications/${result.id}/status`}>
        <Button type="primary" style={{ marginTop: 16 }}>
          {t('appForm.statusLink')}
        </Button>
      </Link>
    </>
  );
}
