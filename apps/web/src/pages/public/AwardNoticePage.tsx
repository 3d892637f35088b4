import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Select,
  Spin,
  Table,
  Typography,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, uploadFile, unwrap } from '../../api/client';
import { useAwardNotice } from '../../api/hooks/public';
import { useI18n } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { fenToYuan } from '../../lib/money';

interface ObjectionForm {
  objector: { name: string; contact: string; idNumber: string; organisation?: string };
  applicationId: string;
  facts: string;
}

/** The award notice (立项公示): the proposed awards, corrections, and the named objection form with evidence. */
export function AwardNoticePage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const { data: notice, error, isLoading } = useAwardNotice(id);
  const [form] = Form.useForm<ObjectionForm>();
  const [files, setFiles] = useState<(UploadFile & { evidenceId?: string })[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [receipt, setReceipt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (isLoading) return <Spin />;
  if (error || !notice) return <Alert type="error" showIcon title={errorText(error, lang)} />;
  const open = notice.status === 'in_notice';

  const submit = async (values: ObjectionForm) => {
    setBusy(true);
    setErrors([]);
    try {
      const evidence = files.map((f) => f.evidenceId).filter((x): x is string => Boolean(x));
      const res = await unwrap(
        api.POST('/public/awards/{id}/objections', {
          params: { path: { id } },
          body: { ...values, evidence },
        }),
      );
      setReceipt(res.receipt);
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('notice.title')}
      </Typography.Title>
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('notice.period')}>
          {notice.notice.startLocal} – {notice.notice.endLocal}（
          {t('notice.workingDays', { n: notice.notice.workingDays })}）
        </Descriptions.Item>
        {notice.notice.calendar && (
          <Descriptions.Item label={t('notice.calendar')}>
            {bi(notice.notice.calendar.statement)}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Card title={t('notice.items')} size="small" style={{ marginTop: 16 }}>
        <Table
          rowKey="applicationId"
          size="small"
          pagination={false}
          dataSource={notice.items}
          columns={[
            { title: t('application.title'), render: (_, i) => i.title ?? '—' },
            { title: t('passed.institution'), render: (_, i) => i.institution ?? '—' },
            { title: t('notice.amount'), render: (_, i) => fenToYuan(i.amountFen), align: 'right' },
          ]}
        />
      </Card>
      {notice.corrections.length > 0 && (
        <Card title={t('notice.corrections')} size="small" style={{ marginTop: 16 }}>
          <Table
            rowKey="applicationId"
            size="small"
            pagination={false}
            dataSource={notice.corrections}
            columns={[
              { title: t('application.title'), render: (_, c) => c.title ?? '—' },
              { title: t('notice.outcome'), render: (_, c) => bi(c.outcomeLabel) },
              { title: t('notice.answer'), render: (_, c) => c.answer ?? '—' },
              { title: t('acceptance.decidedAt'), dataIndex: 'decidedAtLocal' },
            ]}
          />
        </Card>
      )}
      <Card title={t('notice.objection')} size="small" style={{ marginTop: 16 }}>
        {!open ? (
          <Alert type="info" showIcon title={t('notice.closed')} />
        ) : receipt ? (
          <Alert type="success" showIcon title={t('notice.objectionSent', { id: receipt })} />
        ) : (
          <>
            <Typography.Paragraph>{t('notice.objectionIntro')}</Typography.Paragraph>
            {errors.length > 0 && (
              <Alert type="error" showIcon title={errors.join('；')} style={{ marginBottom: 16 }} />
            )}
            <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 640 }}>
              <Form.Item
                name="applicationId"
                label={t('notice.objectionItem')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Select
                  options={notice.items.map((i) => ({
                    value: i.applicationId,
                    label: i.title ?? i.applicationId,
                  }))}
                />
              </Form.Item>
              <Form.Item
                name={['objector', 'name']}
                label={t('notice.objectorName')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Input autoComplete="name" />
              </Form.Item>
              <Form.Item
                name={['objector', 'contact']}
                label={t('notice.objectorPhone')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Input autoComplete="tel" />
              </Form.Item>
              <Form.Item
                name={['objector', 'idNumber']}
                label={t('notice.objectorIdNumber')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Input />
              </Form.Item>
              <Form.Item name={['objector', 'organisation']} label={t('notice.objectorOrganisation')}>
                <Input autoComplete="organization" />
              </Form.Item>
              <Form.Item
                name="facts"
                label={t('notice.objectionReason')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Input.TextArea rows={5} />
              </Form.Item>
              <Form.Item label={t('notice.evidence')}>
                <Upload
                  fileList={files}
                  onRemove={(f) => setFiles((list) => list.filter((x) => x.uid !== f.uid))}
                  customRequest={({ file, onProgress, onSuccess, onError }) => {
                    const f = file as File & { uid: string };
                    uploadFile(
                      `/public/awards/${id}/evidence?name=${encodeURIComponent(f.name)}`,
                      f,
                      (percent) => onProgress?.({ percent }),
                    ).then(
                      (body) => {
                        const evidenceId = (body as { id: string }).id;
                        setFiles((list) => list.map((x) => (x.uid === f.uid ? { ...x, evidenceId } : x)));
                        onSuccess?.(body);
                      },
                      (err) => {
                        setErrors([errorText(err, lang)]);
                        onError?.(err);
                      },
                    );
                  }}
                  onChange={({ fileList }) =>
                    setFiles((prev) =>
                      fileList.map((f) => ({
                        ...f,
                        evidenceId: prev.find((p) => p.uid === f.uid)?.evidenceId,
                      })),
                    )
                  }
                >
                  <Button>{t('notice.evidenceUpload')}</Button>
                </Upload>
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('common.submit')}
              </Button>
            </Form>
          </>
        )}
      </Card>
    </>
  );
}
