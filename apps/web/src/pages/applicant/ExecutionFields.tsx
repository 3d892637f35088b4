import { Alert, App, Button, Col, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { uploadFile } from '../../api/client';
import { useProjectAttachments } from '../../api/hooks/execution';
import { FileButton } from '../../components/FileButton';
import { useI18n } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';

/** A budget category's name in the user's language (shared with the readers' views of what was sent). */
export { useBudgetCategoryLabel } from '../../components/ExecutionContent';

/** A value the PI does not type (a budget category, a planned figure from the agreement), shown as text. */
export function Shown({ value, render }: { value?: unknown; render?: (v: unknown) => string }) {
  return (
    <Typography.Text>
      {render ? render(value) : value === null || value === undefined ? '—' : String(value)}
    </Typography.Text>
  );
}

export interface RowColumn {
  field: string;
  label: string;
  kind?: 'text' | 'textarea' | 'number' | 'money' | 'date' | 'shown';
  options?: { value: string; label: string }[];
  render?: (v: unknown) => string;
  span?: number;
}

/**
 * A repeatable row of inputs (milestones, indicators, spending, visits, team), each input labelled
 * with its row number so a screen reader and the API's field paths (`spending.1.spentFen`) agree.
 * `fixed`: rows come from the agreement (neither added nor removed).
 */
export function RowsField({
  name,
  columns,
  addLabel,
  fixed,
}: {
  name: string;
  columns: RowColumn[];
  addLabel?: string;
  fixed?: boolean;
}) {
  const { t } = useI18n();
  const span = Math.max(3, Math.floor((fixed ? 24 : 21) / columns.length));
  return (
    <Form.List name={name}>
      {(rows, { add, remove }) => (
        <>
          {rows.map((row, i) => (
            <Row key={row.key} gutter={8} align="bottom">
              {columns.map((c) => (
                <Col key={c.field} xs={24} md={c.span ?? span}>
                  <Form.Item name={[row.name, c.field]} label={`${c.label} ${i + 1}`}>
                    {c.kind === 'shown' ? (
                      <Shown render={c.render} />
                    ) : c.options ? (
                      <Select options={c.options} />
                    ) : c.kind === 'number' ? (
                      <InputNumber style={{ width: '100%' }} />
                    ) : c.kind === 'money' ? (
                      <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                    ) : c.kind === 'date' ? (
                      <Input type="date" />
                    ) : c.kind === 'textarea' ? (
                      <Input.TextArea rows={2} />
                    ) : (
                      <Input />
                    )}
                  </Form.Item>
                </Col>
              ))}
              {!fixed && (
                <Col xs={24} md={3}>
                  <Form.Item>
                    <Button type="link" danger onClick={() => remove(row.name)}>
                      {t('common.remove')}
                    </Button>
                  </Form.Item>
                </Col>
              )}
            </Row>
          ))}
          {!fixed && addLabel && (
            <Form.Item>
              <Button onClick={() => add({})}>{addLabel}</Button>
            </Form.Item>
          )}
        </>
      )}
    </Form.List>
  );
}

/**
 * The project's files to cite (a Select of what was uploaded) and an upload of a new one: the
 * API keeps evidence on the project, and a report or dossier cites it by id.
 */
export function AttachmentsSelect({
  projectId,
  value,
  onChange,
  id,
  single,
}: {
  projectId: string;
  value?: string[] | string | null;
  onChange?: (v: string[] | string | null) => void;
  id?: string;
  single?: boolean;
}) {
  const { t } = useI18n();
  const files = useProjectAttachments(projectId);
  // The new file is cited at once: that is why it was uploaded here.
  const upload = useAttachmentUpload(projectId, id, (fileId) =>
    onChange?.(single ? fileId : [...((value as string[] | undefined) ?? []), fileId]),
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space.Compact style={{ width: '100%' }}>
        <Select
          id={id}
          mode={single ? undefined : 'multiple'}
          allowClear
          value={value ?? (single ? null : [])}
          onChange={(v) => onChange?.(v ?? (single ? null : []))}
          loading={files.isLoading}
          placeholder={t('exec.files.pick')}
          options={(files.data?.items ?? []).map((f) => ({
            value: f.id,
            label: `${f.name}（${f.uploadedAtLocal}）`,
          }))}
          style={{ width: '100%' }}
        />
        {upload.button}
      </Space.Compact>
      {upload.error}
    </Space>
  );
}

/**
 * An upload of a new project file with its progress: the button (FileButton) and the error to
 * place where the form shows it; the project's file list is read again and the new file's id
 * handed on.
 */
export function useAttachmentUpload(
  projectId: string,
  id: string | undefined,
  onUploaded: (fileId: string) => void,
) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputId = `${id ?? 'attachments'}-upload`;
  const upload = async (file: File) => {
    setError(null);
    setProgress(0);
    try {
      const q = new URLSearchParams({ name: file.name });
      const saved = (await uploadFile(`/projects/${projectId}/attachments?${q}`, file, setProgress)) as {
        id: string;
      };
      await qc.invalidateQueries({ queryKey: ['execution', 'project', projectId, 'attachments'] });
      onUploaded(saved.id);
    } catch (err) {
      setError(errorText(err, lang));
    } finally {
      setProgress(null);
    }
  };
  return {
    button: (
      <FileButton id={inputId} onFile={(f) => void upload(f)}>
        {progress === null ? t('exec.files.upload') : `${progress}%`}
      </FileButton>
    ),
    error: error && <Alert type="error" showIcon title={error} />,
  };
}

/** The alert above a form with the API's messages no field shows. */
export function FormErrors({ errors }: { errors: string[] }) {
  if (!errors.length) return null;
  return <Alert type="error" showIcon title={errors.join('；')} style={{ marginBottom: 12 }} />;
}

/** Submits the form through `send`; the API's field messages land on the fields. */
export function useSubmit<V>(form: FormInstance<V>, send: (v: V) => Promise<unknown>) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (v: V) => {
    setErrors([]);
    setBusy(true);
    try {
      await send(v);
      message.success(t('exec.submitted'));
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, submit };
}
