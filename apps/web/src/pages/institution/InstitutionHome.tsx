import { Card } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { InstitutionApplicationsTable } from './EndorsementsPage';
import { InstitutionProjectsTable } from './ProjectsPage';

/** The institution admin's section of the home: its applications and the projects it hosts. */
export function InstitutionHome() {
  const { t } = useI18n();
  return (
    <>
      <Card
        title={t('home.institution.applications')}
        extra={<Link to="/work/institution/endorsements">{t('common.more')}</Link>}
      >
        <InstitutionApplicationsTable queueOnly={false} />
      </Card>
      <Card
        title={t('institution.projects.title')}
        style={{ marginTop: 16 }}
        extra={<Link to="/work/institution/projects">{t('common.more')}</Link>}
      >
        <InstitutionProjectsTable />
      </Card>
    </>
  );
}
