import {
  Alert,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Spin,
  Timeline,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router';
import {
  useCase,
  useCaseActions,
  type CaseDetail,
  type CaseStatus,
  type FindingBody,
  type ReviewBody,
} from '../../api/hooks/officer-execution';
import { useAuth } from '../../auth/AuthContext';
import { StatusTag } from '../../components/StatusTag';
import { StepForm } from '../../components/StepForm';
import { useI18n, type MessageKey } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { formatDate, formatTime } from '../../lib/time';
import { CASE_TONES } from './execution-tones';

// The API's enums, as records so tsc checks them both ways; the words are the portal's.
const CATEGORIES: Record<FindingBody['category'], true> = {
  plagiarism: true,
  fabrication: true,
  ghostwriting: true,
  fraudulent_acquisition: true,
  ethics_approval_fraud: true,
  authorship_violation: true,
  publication_violation: true,
  other_misconduct: true,
};
const SEVERITIES: Record<FindingBody['severity'], true> = { minor: true, serious: true, severe: true };
const OUTCOMES: Record<ReviewBody['outcome'], true> = { upheld: true, changed: true, overturned: true };
/** The extensions offered (ISO 8601 durations); the case's policy caps them, and the API says so. */
const EXTENSIONS = [1, 3, 6];

/** The parts of the case's JSON documents this page shows. */
interface Report {
  facts: string;
  reporter?: { name: string; contact: string };
  evidenceRefs?: string[];
}
interface Finding {
  category?: string;
  severity?: string;
  facts?: string;
  sanctions?: string[];
  decisionNo?: string;
  isPublic?: boolean;
}
interface Review {
  outcome?: string;
  severity?: string;
  reason?: string;
}

/** The staff's next step on the case, as its status allows (the subject's appeal is theirs). */
function CaseSteps({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const actions = useCaseActions(c.id);
  const required = [{ required: true, message: t('form.required') }];
  const severityOptions = (Object.keys(SEVERITIES) as FindingBody['severity'][]).map((s) => ({
    value: s,
    label: t(`severity.${s}`),
  }));
  if (c.status === 'reported')
    return (
      <StepForm<{ action: 'accept' | 'dismiss'; reason?: string }>
        title={t('officer.case.decide')}
        submit={t('officer.case.submit')}
        initialValues={{ action: 'accept' }}
        onSend={(v) => actions.decide.mutateAsync(v.reason ? v : { action: v.action })}
      >
        <Form.Item name="action" label={t('officer.case.decide')}>
          <Radio.Group
            options={[
              { value: 'accept', label: t('officer.case.accept') },
              { value: 'dismiss', label: t('officer.case.dismiss') },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('officer.case.reason')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </StepForm>
    );
  if (c.status === 'investigating')
    return (
      <Space orientation="vertical" style={{ width: '100%' }} size="large">
        <StepForm<{
          category: FindingBody['category'];
          severity: FindingBody['severity'];
          facts: string;
          sanctions: string;
          decisionNo: string;
          isPublic: boolean;
        }>
          title={t('officer.case.recordFinding')}
          submit={t('officer.case.recordFinding')}
          initialValues={{ isPublic: false }}
          onSend={(v) =>
            actions.find.mutateAsync({
              ...v,
              sanctions: v.sanctions
                .split('\n')
                .map((s) => s.trim())
                .filter(Boolean),
            })
          }
        >
          <Form.Item name="category" label={t('officer.case.category')} rules={required}>
            <Select
              options={(Object.keys(CATEGORIES) as FindingBody['category'][]).map((k) => ({
                value: k,
                label: t(`creditKind.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="severity" label={t('officer.case.severity')} rules={required}>
            <Radio.Group options={severityOptions} />
          </Form.Item>
          <Form.Item name="facts" label={t('officer.case.findingFacts')} rules={required}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          <Form.Item name="sanctions" label={t('officer.case.sanctions')} rules={required}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="decisionNo" label={t('officer.case.decisionNo')} rules={required}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="isPublic" valuePropName="checked">
            <Checkbox>{t('officer.case.isPublic')}</Checkbox>
          </Form.Item>
        </StepForm>
        {!c.extended && (
          <StepForm<{ months: number; reason: string }>
            title={t('officer.case.extend')}
            submit={t('officer.case.extend')}
            initialValues={{ months: 3 }}
            onSend={(v) => actions.extend.mutateAsync({ extension: `P${v.months}M`, reason: v.reason })}
          >
            <Form.Item name="months" label={t('officer.case.extension')}>
              <Radio.Group
                options={EXTENSIONS.map((n) => ({ value: n, label: t('officer.case.months', { n }) }))}
              />
            </Form.Item>
            <Form.Item name="reason" label={t('officer.case.extensionReason')} rules={required}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </StepForm>
        )}
      </Space>
    );
  if (c.status === 'under_review')
    return (
      <StepForm<ReviewBody>
        title={t('officer.case.recordReview')}
        submit={t('officer.case.recordReview')}
        initialValues={{ outcome: 'upheld' }}
        onSend={(v) => actions.review.mutateAsync(v)}
      >
        <Form.Item name="outcome" label={t('officer.case.reviewOutcome')}>
          <Radio.Group
            options={(Object.keys(OUTCOMES) as ReviewBody['outcome'][]).map((o) => ({
              value: o,
              label: t(`officer.case.${o}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="severity" label={t('officer.case.newSeverity')}>
          <Radio.Group options={severityOptions} />
        </Form.Item>
        <Form.Item name="reason" label={t('officer.case.reviewReason')} rules={required}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </StepForm>
    );
  return null;
}

/**
 * A misconduct case (科研失信案件) as the staff handle it: who it is about, the report (with the
 * reporter, which only staff and auditors read), the deadlines, the finding, the review, the credit
 * record it wrote, its history, and the step its status allows.
 */
export function CasePage() {
  const { id = '' } = useParams();
  const { t, bi, tCode, lang } = useI18n();
  const { user } = useAuth();
  const query = useCase(id);
  if (query.isLoading) return <Spin />;
  if (query.error || !query.data) return <Alert type="error" showIcon title={errorText(query.error, lang)} />;
  const c = query.data;
  const report = c.report as Report;
  const finding = c.finding as Finding | null;
  const review = c.review as Review | null;
  const staff = Boolean(user?.roles.some((r) => r === 'officer' || r === 'admin'));
  const subject = c.subjectName ?? c.subject.id;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1}>{t('officer.case.title', { subject })}</Typography.Title>
      <Card>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'status',
              label: t('officer.case.status'),
              children: (
                <StatusTag tone={CASE_TONES[c.status]}>
                  <span data-testid="case-status">{bi(c.statusLabel)}</span>
                </StatusTag>
              ),
            },
            {
              key: 'subject',
              label: t('officer.case.subject'),
              children: `${subject} · ${bi(c.subjectTypeLabel)}`,
            },
            {
              key: 'project',
              label: t('officer.case.project'),
              children: c.projectId ? (
                <Link to={`/work/officer/projects/${c.projectId}`}>{t('officer.exec.open')}</Link>
              ) : (
                '—'
              ),
            },
            {
              key: 'deadline',
              label: t('officer.case.investigationDeadline'),
              children: (
                <>
                  {formatTime(c.investigationDeadline)}
                  {c.extended && ` （${t('officer.case.extended')}）`}
                </>
              ),
            },
            {
              key: 'appeal',
              label: t('officer.case.appealDeadline'),
              children: formatTime(c.appealDeadline),
            },
          ]}
        />
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('officer.case.facts')}</h2>}>
        <Typography.Paragraph data-testid="case-facts">{report.facts}</Typography.Paragraph>
        <Descriptions
          column={1}
          items={[
            ...(report.reporter
              ? [
                  {
                    key: 'reporter',
                    label: t('officer.case.reporter'),
                    children: `${report.reporter.name}（${report.reporter.contact}）`,
                  },
                ]
              : []),
            {
              key: 'evidence',
              label: t('officer.case.evidence'),
              children: report.evidenceRefs?.length ? report.evidenceRefs.join('；') : '—',
            },
          ]}
        />
      </Card>
      {finding && (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('officer.case.finding')}</h2>}>
          <Descriptions
            column={1}
            items={[
              { key: 'no', label: t('officer.case.decisionNo'), children: finding.decisionNo ?? '—' },
              {
                key: 'category',
                label: t('officer.case.category'),
                children: finding.category ? tCode('creditKind', finding.category) : '—',
              },
              {
                key: 'severity',
                label: t('officer.case.severity'),
                children: finding.severity ? tCode('severity', finding.severity) : '—',
              },
              { key: 'facts', label: t('officer.case.findingFacts'), children: finding.facts ?? '—' },
              {
                key: 'sanctions',
                label: t('officer.case.sanctions'),
                children: finding.sanctions?.join('；') ?? '—',
              },
            ]}
          />
        </Card>
      )}
      {review && (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('officer.case.review')}</h2>}>
          <Typography.Paragraph>
            {review.outcome ? t(`officer.case.${review.outcome}` as MessageKey) : '—'}
            {review.severity ? ` · ${tCode('severity', review.severity)}` : ''}
            {review.reason ? `：${review.reason}` : ''}
          </Typography.Paragraph>
        </Card>
      )}
      {c.creditRecord && (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('officer.case.creditRecord')}</h2>}>
          <Typography.Paragraph>
            {tCode('creditKind', c.creditRecord.kind)} · {tCode('severity', c.creditRecord.severity)} ·{' '}
            {formatDate(c.creditRecord.effectiveFrom)} – {formatDate(c.creditRecord.effectiveUntil)}
          </Typography.Paragraph>
        </Card>
      )}
      {staff && <CaseSteps c={c} />}
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('officer.case.history')}</h2>}>
        <Timeline
          items={c.history.map((h, i) => ({
            key: i,
            title: h.atLocal,
            content: `${tCode('officer.caseStatus', h.status as CaseStatus)}${h.reason ? `：${h.reason}` : ''}`,
          }))}
        />
      </Card>
    </Space>
  );
}
