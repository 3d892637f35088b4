import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { auditor, downloadEventsXlsx, type EventFilter } from '../../api/hooks/admin';
import { useReference } from '../../api/hooks/reference';
import type { EventItem } from '../../api/hooks/work';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { dayjs, ZONE } from '../../lib/time';

interface FilterForm {
  type?: string;
  subjectType?: EventFilter['subjectType'];
  subjectId?: string;
  actorId?: string;
  range?: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null;
}

/** The form's values as the API's query; the day range is read in Asia/Shanghai, [from, to). */
function toFilter(v: FilterForm): EventFilter {
  const f: EventFilter = {};
  if (v.type?.trim()) f.type = v.type.trim();
  if (v.subjectType) f.subjectType = v.subjectType;
  if (v.subjectId?.trim()) f.subjectId = v.subjectId.trim();
  if (v.actorId?.trim()) f.actorId = v.actorId.trim();
  const [from, to] = v.range ?? [];
  if (from) f.from = dayjs.tz(from.format('YYYY-MM-DD'), ZONE).toISOString();
  if (to) f.to = dayjs.tz(to.format('YYYY-MM-DD'), ZONE).add(1, 'day').toISOString();
  return f;
}

/** 审计日志: the whole trail, filtered and paged on the server, exported as a spreadsheet. */
export function EventLogPage() {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<FilterForm>();
  const [filter, setFilter] = useState<EventFilter>({});
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const subjectTypes = useReference().data?.eventSubjectTypes ?? [];

  const exportXlsx = async () => {
    setExporting(true);
    setExportError(null);
    try {
      await downloadEventsXlsx(filter);
    } catch (err) {
      setExportError(errorText(err, lang));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('auditor.events.title')}</h1>}>
      <Form<FilterForm>
        form={form}
        layout="inline"
        onFinish={(v) => setFilter(toFilter(v))}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="type" label={t('auditor.events.type')}>
          <Input placeholder="application.submitted" allowClear />
        </Form.Item>
        <Form.Item name="subjectType" label={t('auditor.events.subjectType')}>
          <Select
            allowClear
            style={{ width: 180 }}
            options={subjectTypes.map((s) => ({ value: s, label: s }))}
          />
        </Form.Item>
        <Form.Item name="subjectId" label={t('auditor.events.subject')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="actorId" label={t('auditor.events.actor')}>
          <Input allowClear style={{ width: 300 }} />
        </Form.Item>
        <Form.Item name="range" label={t('auditor.events.range')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('auditor.events.filter')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({});
            }}
          >
            {t('auditor.events.reset')}
          </Button>
          <Button onClick={() => void exportXlsx()} loading={exporting}>
            {t('auditor.events.export')}
          </Button>
        </Space>
      </Form>
      {exportError && <Alert type="error" showIcon title={exportError} style={{ marginBottom: 16 }} />}
      <CursorTable<EventItem>
        key={JSON.stringify(filter)}
        queryKey={['auditor', 'events', filter]}
        fetchPage={(next) => auditor.events(filter, next)}
        rowKey="id"
        size="small"
        columns={[
          { title: t('auditor.events.sequence'), dataIndex: 'sequence', width: 80 },
          { title: t('auditor.events.time'), dataIndex: 'occurredAtLocal', width: 170 },
          { title: t('auditor.events.type'), dataIndex: 'type' },
          {
            title: t('auditor.events.subject'),
            render: (_, e) => (
              <Typography.Text>
                {e.subjectType} <Typography.Text type="secondary">{e.subjectId}</Typography.Text>
              </Typography.Text>
            ),
          },
          { title: t('auditor.events.actor'), render: (_, e) => e.actorId ?? '—' },
          {
            title: t('auditor.events.payload'),
            render: (_, e) => (
              <Typography.Text code ellipsis style={{ maxWidth: 320 }}>
                {JSON.stringify(e.payload)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}
