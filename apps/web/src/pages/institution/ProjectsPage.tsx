import { Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { institutionLists, type InstitutionProject } from '../../api/hooks/institution';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n';

export function InstitutionProjectsTable() {
  const { t } = useI18n();
  return (
    <CursorTable<InstitutionProject>
      queryKey={['institution', 'projects']}
      fetchPage={institutionLists.projects}
      rowKey="id"
      columns={[
        {
          title: t('project.title'),
          render: (_, p) => <Link to={`/work/institution/projects/${p.id}`}>{p.title}</Link>,
        },
        { title: t('project.status'), render: (_, p) => t(`projectStatus.${p.status}`) },
        { title: t('project.period'), render: (_, p) => `${p.startsOn} – ${p.endsOn}` },
        {
          title: t('project.todo'),
          render: (_, p) => (
            <Space size={4} wrap>
              {p.overdueReports > 0 && (
                <Tag color="red">{t('project.reportsDue', { n: p.overdueReports })}</Tag>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** The projects the institution hosts (GET /projects/mine as an institution admin). */
export function ProjectsPage() {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('institution.projects.title')}
      </Typography.Title>
      <Card>
        <InstitutionProjectsTable />
      </Card>
    </>
  );
}
