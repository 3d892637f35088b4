import { Card } from 'antd';
import { Link } from 'react-router';
import { lists, type TemplateItem } from '../../api/hooks/work';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n';
import { formatTime } from '../../lib/time';

/** 计划模板: the current version of each program template, each opening its editor. */
export function TemplatesPage() {
  const { t, bi } = useI18n();
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('admin.templates.title')}</h1>}>
      <CursorTable<TemplateItem>
        queryKey={['work', 'templates']}
        fetchPage={lists.templates}
        rowKey="id"
        columns={[
          {
            title: t('admin.templates.name'),
            render: (_, x) => <Link to={`/work/admin/templates/${x.code}`}>{bi(x.template.name)}</Link>,
          },
          { title: t('admin.templates.code'), dataIndex: 'code' },
          { title: t('guide.mode'), render: (_, x) => t(`mode.${x.template.mode}`) },
          { title: t('guide.version'), dataIndex: 'version' },
          { title: t('common.updatedAt'), render: (_, x) => formatTime(x.createdAt) },
        ]}
      />
    </Card>
  );
}
