import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import {
  useGuide,
  useGuideCommands,
  useTemplates,
  useTopicPages,
  useTopics,
  type Guide,
} from '../../api/hooks/intake';
import { useI18n } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { changedFields } from '../../lib/changed-fields';
import { fromContent, toContent, type GuideFormValues } from './guide-form';

/**
 * PATCH /guides/:id names its fields at the top (`title`); the editor keeps them under `content`
 * as POST /guides does. The refusal with its paths moved there, so each message lands on its field.
 */
function underContent(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  const fields = err.fields.map((f) => ({ ...f, path: f.path ? `content.${f.path}` : f.path }));
  return new ApiError(err.status, err.code, err.bilingual, fields);
}

/** Topics and challenges to pick from, a page more as the list scrolls to its end. */
function TopicPicker(props: { id?: string; value?: string[]; onChange?: (v: string[]) => void }) {
  const { t } = useI18n();
  const pages = useTopicPages();
  const loaded = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  // Chosen topics beyond the pages read so far (an older draft's) are read by id for their names.
  const missing = (props.value ?? []).filter((id) => !loaded.some((tp) => tp.id === id));
  const extra = useTopics(missing)
    .map((q) => q.data)
    .filter((tp) => tp !== undefined);
  const options = [...loaded, ...extra].map((tp) => ({
    value: tp.id,
    label: `${t(`topicKind.${tp.kind}`)}：${tp.title}`,
  }));
  return (
    <Select
      id={props.id}
      mode="multiple"
      value={props.value}
      onChange={props.onChange}
      options={options}
      loading={pages.isFetching}
      optionFilterProp="label"
      onPopupScroll={(e) => {
        const el = e.currentTarget;
        if (el.scrollTop + el.clientHeight >= el.scrollHeight - 16 && pages.hasNextPage && !pages.isFetching)
          void pages.fetchNextPage();
      }}
    />
  );
}

/** The editor's fields (the same for a new draft and a returned one). */
function ContentFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name={['content', 'title']} label={t('intake.guide.title')}>
        <Input />
      </Form.Item>
      <Form.Item name={['content', 'topicIds']} label={t('guide.topics')}>
        <TopicPicker />
      </Form.Item>
      <Space wrap size="large">
        <Form.Item name={['content', 'budgetCapFen']} label={t('intake.guide.budgetCap')}>
          <InputNumber min={0} precision={2} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name={['content', 'totalBudgetFen']} label={t('intake.guide.totalBudget')}>
          <InputNumber min={0} precision={2} style={{ width: 220 }} />
        </Form.Item>
      </Space>
      <Space wrap size="large">
        <Form.Item name={['content', 'windowStart']} label={t('intake.guide.windowStart')}>
          <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name={['content', 'windowEnd']} label={t('intake.guide.windowEnd')}>
          <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: 220 }} />
        </Form.Item>
      </Space>
      <Form.Item name={['content', 'intro']} label={t('intake.guide.intro')}>
        <Input.TextArea rows={6} />
      </Form.Item>
      <Form.Item name={['content', 'eligibilityNotes']} label={t('guide.eligibility')}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </>
  );
}

/**
 * 起草指南: a new guide draft under a program template, or the draft of one still in drafting or
 * returned (If-Match on its draft version). The API checks it; its messages sit on the fields.
 */
export function GuideEditPage() {
  const { id } = useParams();
  const guide = useGuide(id ?? '', Boolean(id));
  const { lang } = useI18n();
  if (!id) return <GuideForm />;
  if (guide.isLoading) return <Spin />;
  if (guide.error || !guide.data) return <Alert type="error" showIcon title={errorText(guide.error, lang)} />;
  return <GuideForm guide={guide.data} />;
}

function GuideForm({ guide }: { guide?: Guide }) {
  const { t, bi, lang } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const templates = useTemplates();
  const commands = useGuideCommands();
  const [form] = Form.useForm<GuideFormValues>();
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const editable = !guide || guide.status === 'draft' || guide.status === 'returned';

  const save = async (values: GuideFormValues) => {
    setBusy(true);
    setErrors([]);
    try {
      const content = toContent(values.content);
      let saved: Guide;
      if (!guide) {
        saved = await commands.create.mutateAsync({ templateCode: values.templateCode ?? '', content });
      } else {
        // PATCH /guides/:id takes a partial draft (and refuses an empty one).
        const patch = changedFields(guide.draft, content);
        saved =
          Object.keys(patch).length === 0
            ? guide
            : await commands.edit
                .mutateAsync({ id: guide.id, version: guide.draftVersion, patch })
                .catch((err: unknown) => {
                  throw underContent(err);
                });
      }
      queryClient.setQueryData(['guide', saved.id], saved);
      navigate(`/work/guides/${saved.id}`);
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card style={{ maxWidth: 900 }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {guide ? t('intake.guide.editTitle', { title: guide.draft.title }) : t('intake.guides.new')}
      </Typography.Title>
      {!editable && <Alert type="warning" showIcon title={t('intake.guide.notEditable')} />}
      {guide && (
        <Typography.Paragraph type="secondary">
          {t('intake.guide.templatePinned', { code: guide.template.code, version: guide.template.version })}
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        disabled={!editable}
        initialValues={guide ? { content: fromContent(guide.draft) } : { content: { topicIds: [] } }}
      >
        {!guide && (
          <Form.Item name="templateCode" label={t('intake.guide.template')}>
            <Select
              loading={templates.isLoading}
              // A bureau keeps many templates: typed text narrows the list (it is virtualised).
              showSearch={{ optionFilterProp: 'label' }}
              options={(templates.data?.items ?? []).map((x) => ({
                value: x.code,
                label: `${bi(x.template.name)}（${x.code} v${x.version}，${t(`mode.${x.template.mode}`)}）`,
              }))}
            />
          </Form.Item>
        )}
        <ContentFields />
        {errors.map((e) => (
          <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
        ))}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('intake.guide.saveDraft')}
          </Button>
          <Button onClick={() => navigate(guide ? `/work/guides/${guide.id}` : '/work/guides')}>
            {t('common.cancel')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
