import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { projectAttachment, useProjectAttachments } from '../api/hooks/execution';
import { useI18n } from '../i18n';
import { errorText } from '../lib/form-errors';
import { saveBlob } from '../lib/save-blob';

/**
 * The files a report or dossier cites, each a download: named as uploaded when it is one of the
 * project's own files (its list), numbered otherwise (a file of the application, which the
 * project's readers may download but not list).
 */
export function AttachmentLinks({ projectId, ids }: { projectId: string; ids: readonly string[] }) {
  const { t, lang } = useI18n();
  const files = useProjectAttachments(projectId);
  const [error, setError] = useState<string | null>(null);
  const names = new Map((files.data?.items ?? []).map((f) => [f.id, f.name]));
  const download = async (id: string, name: string) => {
    setError(null);
    try {
      saveBlob(await projectAttachment(projectId, id), name);
    } catch (err) {
      setError(errorText(err, lang));
    }
  };
  return (
    <Space wrap size={[8, 0]}>
      {ids.map((id, i) => {
        const name = names.get(id) ?? t('exec.files.nth', { n: i + 1 });
        return (
          <Button
            key={id}
            type="link"
            size="small"
            style={{ padding: 0 }}
            data-testid={`attachment-${id}`}
            onClick={() => void download(id, name)}
          >
            {name}
          </Button>
        );
      })}
      {error && (
        <Typography.Text type="danger" role="alert">
          {error}
        </Typography.Text>
      )}
    </Space>
  );
}
