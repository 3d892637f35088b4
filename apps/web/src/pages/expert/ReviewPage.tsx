import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import {
  useMyReview,
  useOpenedApplication,
  useReviewActions,
  type MyReview,
  type ScoreSheetBody,
} from '../../api/hooks/expert';
import { ApplicationContentView, type ContentLike } from '../../components/ApplicationContentView';
import { useI18n } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { invitationStatusText } from '../../lib/invitation-status';
import { criteriaOf, liveWeightedScore, type Criterion, type RubricInput } from '../../lib/rubric';
import { formatTime } from '../../lib/time';
import { InvitationAnswer } from './InvitationAnswer';

interface SheetValues {
  criteria: Record<string, { score?: number | null; comment?: string }>;
  overallComment?: string;
}

/** The sheet as typed, kept in the browser until the API has it: a failed save or a reload loses nothing. */
const backupKey = (id: string) => `kjflow.review-sheet.${id}`;
function readBackup(id: string): SheetValues | null {
  try {
    const text = localStorage.getItem(backupKey(id));
    return text ? (JSON.parse(text) as SheetValues) : null;
  } catch {
    return null;
  }
}

/** The API's sheet: only what is filled in (a draft may lack scores; an empty comment is left out). */
export function sheetBody(values: SheetValues, criteria: Criterion[]): ScoreSheetBody {
  const out: Record<string, { score?: number; comment?: string }> = {};
  for (const c of criteria) {
    const v = values.criteria?.[c.key] ?? {};
    const entry: { score?: number; comment?: string } = {};
    if (typeof v.score === 'number') entry.score = v.score;
    if (v.comment?.trim()) entry.comment = v.comment;
    if (Object.keys(entry).length) out[c.key] = entry;
  }
  return {
    criteria: out,
    ...(values.overallComment?.trim() ? { overallComment: values.overallComment } : {}),
  } as ScoreSheetBody;
}

function ScoreSheetForm({ review, rubric }: { review: MyReview; rubric: RubricInput }) {
  const { t, bi, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SheetValues>();
  const criteria = useMemo(() => criteriaOf(rubric), [rubric]);
  const actions = useReviewActions(review.id);
  const [errors, setErrors] = useState<string[]>([]);
  const editable = review.status === 'accepted';
  // Set up once per invitation and status (the page's key): later reads do not overwrite typing.
  const [initial] = useState<SheetValues>(
    () => readBackup(review.id) ?? (review.sheet as SheetValues | null) ?? { criteria: {} },
  );
  const values = Form.useWatch([], form) as SheetValues | undefined;
  const scores = Object.fromEntries(criteria.map((c) => [c.key, values?.criteria?.[c.key]?.score ?? null]));
  const weighted = liveWeightedScore(criteria, scores);

  const save = async (final: boolean) => {
    setErrors([]);
    const body = sheetBody(form.getFieldsValue(true) as SheetValues, criteria);
    try {
      await (final ? actions.submit : actions.saveDraft).mutateAsync(body);
      localStorage.removeItem(backupKey(review.id));
      message.success(t(final ? 'review.submitted' : 'review.draftSaved'));
    } catch (err) {
      // The values stay as typed (and in the browser's backup); the messages go on the fields.
      setErrors(applyApiErrors(form, err, lang));
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      disabled={!editable}
      onValuesChange={(_, all) => {
        try {
          localStorage.setItem(backupKey(review.id), JSON.stringify(all));
        } catch {
          /* storage full or private: the form still holds the values */
        }
      }}
    >
      {errors.length > 0 && (
        <Alert type="error" showIcon title={errors.join('；')} style={{ marginBottom: 12 }} />
      )}
      {criteria.map((c) => (
        <Card
          key={c.key}
          data-testid={`criterion-${c.key}`}
          size="small"
          style={{ marginBottom: 12 }}
          title={
            <Space>
              {bi(c.label)}
              {/* Text, not a Tag: a disabled form greys its tags below the contrast WCAG asks. */}
              <Typography.Text type="secondary">{t('review.weight', { w: c.weight })}</Typography.Text>
            </Space>
          }
        >
          <Form.Item
            name={['criteria', c.key, 'score']}
            label={t('review.scoreRange', { min: c.min, max: c.max })}
            style={{ marginBottom: 8 }}
          >
            <InputNumber min={c.min} max={c.max} step={0.1} precision={1} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name={['criteria', c.key, 'comment']}
            label={c.commentRequired ? t('review.commentRequired') : t('review.comment')}
            style={{ marginBottom: 0 }}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Card>
      ))}
      <Form.Item name="overallComment" label={t('review.overallComment')}>
        <Input.TextArea rows={4} maxLength={5000} />
      </Form.Item>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong data-testid="weighted-score">
          {t('review.weightedLive', { score: weighted ?? '—' })}
        </Typography.Text>
      </Space>
      {editable && (
        <Space wrap>
          <Button onClick={() => save(false)} loading={actions.saveDraft.isPending}>
            {t('review.saveDraft')}
          </Button>
          <Button type="primary" onClick={() => save(true)} loading={actions.submit.isPending}>
            {t('review.submit')}
          </Button>
        </Space>
      )}
    </Form>
  );
}

/**
 * The blind review page: the application on one side, the rubric on the other. What it shows of
 * the application is the API's expert view, which withholds who applied under blind review.
 */
export function ReviewPage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const review = useMyReview(id);
  const r = review.data;
  const openable = !!r && ['invited', 'accepted', 'submitted'].includes(r.status);
  const opened = useOpenedApplication(id, openable);
  const actions = useReviewActions(id);
  // The time the page was opened: what is overdue does not change while the expert reads.
  const [now] = useState(() => Date.now());

  if (review.isLoading) return <Spin />;
  if (review.error) return <Alert type="error" showIcon title={errorText(review.error, lang)} />;
  if (!r) return <Alert type="warning" showIcon title={t('review.notFound')} />;
  const overdue = (at: string | null) => at !== null && Date.parse(at) < now;
  const blind = opened.data?.blind ?? true;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('review.pageTitle', { title: r.applicationTitle })}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('application.status')}>
          <Tag color="blue" data-testid="review-status">
            {invitationStatusText(r, { t, bi })}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('review.respondBy')}>
          {formatTime(r.respondBy)}
          {r.status === 'invited' && overdue(r.respondBy) && <Tag color="red">{t('inbox.overdue')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('review.scoreBy')}>
          <span data-testid="score-by">{r.scoreBy ? formatTime(r.scoreBy) : '—'}</span>
          {r.status === 'accepted' && overdue(r.scoreBy) && <Tag color="red">{t('inbox.overdue')}</Tag>}
        </Descriptions.Item>
      </Descriptions>
      {r.status === 'invited' && (
        <Card title={t('invitation.title')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph>{t('invitation.intro')}</Typography.Paragraph>
          <InvitationAnswer respond={actions.respond} recuse={actions.recuse} canAnswer />
        </Card>
      )}
      {r.status === 'submitted' && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('review.submittedAt', { at: formatTime(r.submittedAt), score: r.weightedScore ?? '—' })}
        />
      )}
      {openable && (
        <Row gutter={16}>
          <Col xs={24} lg={13}>
            <Card
              title={
                <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                  {t('review.application')}
                </Typography.Title>
              }
              extra={blind ? <Tag color="blue">{t('review.blind')}</Tag> : null}
            >
              {opened.isLoading && <Spin />}
              {opened.error && <Alert type="error" showIcon title={errorText(opened.error, lang)} />}
              {opened.data && (
                <>
                  {!blind && (
                    <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
                      <Descriptions.Item label={t('application.applicant')}>
                        {opened.data.application.applicant ?? '—'}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('content.institution')}>
                        {opened.data.application.institution ?? '—'}
                      </Descriptions.Item>
                    </Descriptions>
                  )}
                  <ApplicationContentView
                    content={opened.data.application.content as ContentLike}
                    showPeople={!blind}
                  />
                </>
              )}
            </Card>
          </Col>
          <Col xs={24} lg={11}>
            <div style={{ position: 'sticky', top: 16 }}>
              <Card
                title={
                  <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                    {t('review.rubric')}
                  </Typography.Title>
                }
              >
                {r.status === 'invited' && <Alert type="info" showIcon title={t('review.acceptFirst')} />}
                {opened.data && (
                  <ScoreSheetForm
                    key={`${r.id}:${r.status}`}
                    review={r}
                    rubric={opened.data.rubric as unknown as RubricInput}
                  />
                )}
                {r.status === 'accepted' && (
                  <div style={{ marginTop: 16 }}>
                    <InvitationAnswer respond={actions.respond} recuse={actions.recuse} canAnswer={false} />
                  </div>
                )}
              </Card>
            </div>
          </Col>
        </Row>
      )}
    </>
  );
}
