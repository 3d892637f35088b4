import {
  Alert,
  Button,
  Card,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Typography,
  message,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { templates, useSaveTemplate } from '../../api/hooks/admin';
import { useReference } from '../../api/hooks/reference';
import { useI18n, type MessageKey } from '../../i18n';
import { applyApiErrors } from '../../lib/form-errors';
import { formatTime } from '../../lib/time';
import { LIST_PATHS, mergeTemplate } from './template-form';

type ListErrors = Partial<Record<(typeof LIST_PATHS)[number], string>>;

/** 模板编辑: a program template as a form; saving writes a new version, the API's messages on the fields. */
export function TemplateEditPage() {
  const { code = '' } = useParams();
  const { t, lang, bi } = useI18n();
  const [form] = Form.useForm();
  const [alerts, setAlerts] = useState<string[]>([]);
  const [listErrors, setListErrors] = useState<ListErrors>({});
  const detail = useQuery({ queryKey: ['admin', 'template', code], queryFn: () => templates.get(code) });
  const reference = useReference();

  useEffect(() => {
    if (detail.data) form.setFieldsValue(detail.data.template);
  }, [detail.data, form]);

  const save = useSaveTemplate(code);
  const submit = (values: Record<string, unknown>) =>
    save.mutate(mergeTemplate(detail.data?.template, values) as Record<string, unknown>, {
      onSuccess: (saved) => {
        setAlerts([]);
        setListErrors({});
        void message.success(t('admin.templates.saved', { version: saved.version }));
      },
      onError: (err) => {
        const lists: ListErrors = {};
        if (err instanceof ApiError)
          for (const f of err.fields)
            if ((LIST_PATHS as readonly string[]).includes(f.path))
              lists[f.path as keyof ListErrors] = lang === 'zh' ? f.message.zh : f.message.en;
        setListErrors(lists);
        const unplaced = applyApiErrors(form, err, lang).filter(
          (m) => !Object.keys(lists).some((p) => m.startsWith(`${p}: `)),
        );
        setAlerts(unplaced);
      },
    });

  if (detail.isLoading || reference.isLoading) return <Spin style={{ margin: 48 }} />;
  if (detail.error || reference.error || !detail.data || !reference.data)
    return <Alert type="error" showIcon title={String(detail.error ?? reference.error ?? 'not found')} />;
  const { modes, stages, durations, creditLevels, regions, releaseConditions } =
    reference.data.programTemplate;

  const listError = (path: keyof ListErrors) =>
    listErrors[path] ? (
      <Typography.Text type="danger" role="alert" data-testid={`error-${path}`}>
        {listErrors[path]}
      </Typography.Text>
    ) : null;
  const opt = (prefix: string, values: readonly string[]) =>
    values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as MessageKey) }));

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card
        title={
          <h1 style={{ fontSize: 20, margin: 0 }}>
            {t('admin.templates.edit')} · {bi(detail.data.template.name)} (v{detail.data.version})
          </h1>
        }
      >
        {alerts.length > 0 && (
          <Alert type="error" showIcon title={alerts.join('；')} style={{ marginBottom: 16 }} />
        )}
        <Form form={form} layout="vertical" onFinish={(v) => submit(v as Record<string, unknown>)}>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="code" label={t('admin.templates.code')}>
                <Input disabled />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name={['name', 'zh']} label={t('admin.templates.nameZh')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name={['name', 'en']} label={t('admin.templates.nameEn')}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="mode" label={t('guide.mode')}>
                <Select options={opt('mode', modes)} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name="stages" label={t('admin.templates.stages')} help={listError('stages')}>
                <Select mode="multiple" options={opt('stage', stages)} />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start">{t('admin.templates.durations')}</Divider>
          <Typography.Paragraph type="secondary">{t('admin.templates.durationsHelp')}</Typography.Paragraph>
          <Row gutter={16}>
            {durations.map((d) => (
              <Col span={6} key={d}>
                <Form.Item name={['durations', d]} label={t(`admin.templates.duration.${d}` as MessageKey)}>
                  <Input placeholder="P30D" />
                </Form.Item>
              </Col>
            ))}
          </Row>

          <Divider titlePlacement="start">{t('admin.templates.rubric')}</Divider>
          <Form.List name={['rubric', 'criteria']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Row gutter={8} key={f.key}>
                    <Col span={5}>
                      <Form.Item name={[f.name, 'key']} label={t('admin.templates.criterionKey')}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col span={6}>
                      <Form.Item name={[f.name, 'name', 'zh']} label={t('admin.templates.nameZh')}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col span={7}>
                      <Form.Item name={[f.name, 'name', 'en']} label={t('admin.templates.nameEn')}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col span={3}>
                      <Form.Item name={[f.name, 'weight']} label={t('admin.templates.weight')}>
                        <InputNumber min={0} max={100} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={2}>
                      <Form.Item
                        name={[f.name, 'commentRequired']}
                        label={t('admin.templates.commentRequired')}
                        valuePropName="checked"
                      >
                        <Switch />
                      </Form.Item>
                    </Col>
                    <Col span={1} style={{ paddingTop: 30 }}>
                      <Button onClick={() => remove(f.name)}>{t('common.remove')}</Button>
                    </Col>
                  </Row>
                ))}
                <Space>
                  <Button
                    onClick={() =>
                      add({ key: '', name: { zh: '', en: '' }, weight: 0, commentRequired: false })
                    }
                  >
                    {t('admin.templates.addCriterion')}
                  </Button>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const criteria = (form.getFieldValue(['rubric', 'criteria']) ?? []) as {
                        weight?: number;
                      }[];
                      const sum = criteria.reduce((s, c) => s + (Number(c?.weight) || 0), 0);
                      return (
                        // A darker orange than antd's warning text, which is below WCAG AA contrast on white.
                        <Typography.Text
                          type={sum === 100 ? 'secondary' : undefined}
                          strong={sum !== 100}
                          style={sum === 100 ? undefined : { color: '#ad4e00' }}
                        >
                          {t('admin.templates.weightSum', { sum })}
                        </Typography.Text>
                      );
                    }}
                  </Form.Item>
                </Space>
                <div>{listError('rubric.criteria')}</div>
              </>
            )}
          </Form.List>
          <Row gutter={16} style={{ marginTop: 16 }}>
            <Col span={4}>
              <Form.Item name={['rubric', 'scale', 'min']} label={t('admin.templates.scaleMin')}>
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name={['rubric', 'scale', 'max']} label={t('admin.templates.scaleMax')}>
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item
                name={['rubric', 'blind']}
                label={t('admin.templates.blind')}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start">{t('admin.templates.panel')}</Divider>
          <Row gutter={16}>
            <Col span={6}>
              <Form.Item name={['panel', 'size']} label={t('admin.templates.panelSize')}>
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name={['panel', 'maxPerOrganisation']}
                label={t('admin.templates.maxPerOrganisation')}
              >
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name={['panel', 'financeExpert']}
                label={t('admin.templates.financeExpert')}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name={['panel', 'issuerRepresentative']}
                label={t('admin.templates.issuerRepresentative')}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start">{t('admin.templates.eligibility')}</Divider>
          <Row gutter={16}>
            <Col span={6}>
              <Form.Item
                name={['eligibility', 'concurrentProjectLimit']}
                label={t('admin.templates.concurrentProjectLimit')}
              >
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name={['eligibility', 'minCreditLevel']} label={t('admin.templates.minCreditLevel')}>
                <Select options={opt('creditLevel', creditLevels)} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name={['eligibility', 'region']} label={t('admin.templates.region')}>
                <Select options={opt('region', regions)} />
              </Form.Item>
            </Col>
            <Col span={6}>
              {/* Shown in yuan, stored in fen. */}
              <Form.Item
                name={['eligibility', 'budgetCapFen']}
                label={t('admin.templates.budgetCap')}
                getValueProps={(fen: number | undefined) => ({
                  value: fen === undefined ? undefined : fen / 100,
                })}
                normalize={(yuan: number | null) => (yuan === null ? yuan : Math.round(yuan * 100))}
              >
                <InputNumber min={0} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start">{t('admin.templates.funding')}</Divider>
          <Form.List name={['funding', 'installments']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Row gutter={8} key={f.key}>
                    <Col span={6}>
                      <Form.Item
                        name={[f.name, 'sharePercent']}
                        label={t('admin.templates.installmentShare', { n: i + 1 })}
                      >
                        <InputNumber min={0} max={100} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={8}>
                      <Form.Item name={[f.name, 'releasedBy']} label={t('admin.templates.releasedBy')}>
                        <Select options={opt('release', releaseConditions)} />
                      </Form.Item>
                    </Col>
                    <Col span={2} style={{ paddingTop: 30 }}>
                      <Button onClick={() => remove(f.name)}>{t('common.remove')}</Button>
                    </Col>
                  </Row>
                ))}
                <Button onClick={() => add({ sharePercent: 0, releasedBy: 'acceptance' })}>
                  {t('admin.templates.addInstallment')}
                </Button>
                <div>{listError('funding.installments')}</div>
              </>
            )}
          </Form.List>

          <Divider />
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('admin.templates.saveVersion')}
          </Button>
        </Form>
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('admin.templates.versions')}</h2>}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={detail.data.versions}
          columns={[
            { title: t('guide.version'), dataIndex: 'version' },
            { title: t('common.updatedAt'), render: (_, v) => formatTime(v.createdAt) },
          ]}
        />
      </Card>
    </Space>
  );
}
