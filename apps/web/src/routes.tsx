import { Spin } from 'antd';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import type { ReactNode } from 'react';
import { useAuth } from './auth/AuthContext';
import { AppLayout } from './layout/AppLayout';
import { PublicLayout } from './layout/PublicLayout';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OpenCallsPage } from './pages/public/OpenCallsPage';
import { lazyNamed } from './lib/lazy-named';

// Each role's pages are one chunk, loaded on the first visit to one of them: the first page (the
// open calls, or the login) loads only the portal's shell.
const publicArea = () => import('./areas/public');
const homeArea = () => import('./areas/home');
const applicantArea = () => import('./areas/applicant');
const institutionArea = () => import('./areas/institution');
const expertArea = () => import('./areas/expert');
const officerArea = () => import('./areas/officer');
const adminArea = () => import('./areas/admin');
const chartsArea = () => import('./areas/charts');
const GuidesPage = lazyNamed(publicArea, 'GuidesPage');
const GuideDetailPage = lazyNamed(publicArea, 'GuideDetailPage');
const ChallengesPage = lazyNamed(publicArea, 'ChallengesPage');
const PassedListPage = lazyNamed(publicArea, 'PassedListPage');
const AwardNoticePage = lazyNamed(publicArea, 'AwardNoticePage');
const CreditDecisionsPage = lazyNamed(publicArea, 'CreditDecisionsPage');
const AcceptanceConclusionsPage = lazyNamed(publicArea, 'AcceptanceConclusionsPage');
const HomePage = lazyNamed(homeArea, 'HomePage');
const NewApplicationPage = lazyNamed(applicantArea, 'NewApplicationPage');
const ApplicationFormPage = lazyNamed(applicantArea, 'ApplicationFormPage');
const ApplicationStatusPage = lazyNamed(applicantArea, 'ApplicationStatusPage');
const DemandFormPage = lazyNamed(applicantArea, 'DemandFormPage');
const AgreementPage = lazyNamed(applicantArea, 'AgreementPage');
const ProjectPage = lazyNamed(applicantArea, 'ProjectPage');
const EndorsementPage = lazyNamed(institutionArea, 'EndorsementPage');
const EndorsementsPage = lazyNamed(institutionArea, 'EndorsementsPage');
const HostProjectPage = lazyNamed(institutionArea, 'HostProjectPage');
const ProjectsPage = lazyNamed(institutionArea, 'ProjectsPage');
const PanelSeatPage = lazyNamed(expertArea, 'PanelSeatPage');
const PanelsPage = lazyNamed(expertArea, 'PanelsPage');
const ReviewPage = lazyNamed(expertArea, 'ReviewPage');
const ReviewsPage = lazyNamed(expertArea, 'ReviewsPage');
const AwardObjectionsPage = lazyNamed(officerArea, 'AwardObjectionsPage');
const OfficerAgreementPage = lazyNamed(officerArea, 'AgreementPage');
const AgreementsPage = lazyNamed(officerArea, 'AgreementsPage');
const AwardPage = lazyNamed(officerArea, 'AwardPage');
const CasePage = lazyNamed(officerArea, 'CasePage');
const CasesPage = lazyNamed(officerArea, 'CasesPage');
const OutcomesPage = lazyNamed(officerArea, 'OutcomesPage');
const CreditRecordsPage = lazyNamed(officerArea, 'CreditRecordsPage');
const AwardProposalPage = lazyNamed(officerArea, 'AwardProposalPage');
const DemandCampaignsPage = lazyNamed(officerArea, 'DemandCampaignsPage');
const DemandQueuePage = lazyNamed(officerArea, 'DemandQueuePage');
const DemandScreeningPage = lazyNamed(officerArea, 'DemandScreeningPage');
const FormalCheckPage = lazyNamed(officerArea, 'FormalCheckPage');
const GuideEditPage = lazyNamed(officerArea, 'GuideEditPage');
const GuidePage = lazyNamed(officerArea, 'GuidePage');
const GuidesWorkPage = lazyNamed(officerArea, 'GuidesWorkPage');
const PortfolioPage = lazyNamed(officerArea, 'PortfolioPage');
const ProjectExecutionPage = lazyNamed(officerArea, 'ProjectExecutionPage');
const ReviewRoundNewPage = lazyNamed(officerArea, 'ReviewRoundNewPage');
const ReviewRoundPage = lazyNamed(officerArea, 'ReviewRoundPage');
const TemplateEditPage = lazyNamed(adminArea, 'TemplateEditPage');
const TemplatesPage = lazyNamed(adminArea, 'TemplatesPage');
const UsersPage = lazyNamed(adminArea, 'UsersPage');
const EventLogPage = lazyNamed(adminArea, 'EventLogPage');
const ChartsPage = lazyNamed(chartsArea, 'ChartsPage');

/** Pages behind the login: an anonymous visitor is sent to the login page and brought back. */
function RequireLogin({ children }: { children: ReactNode }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Spin style={{ margin: 48 }} />;
  if (!user)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return children;
}

/**
 * Every portal URL, under /portal/ in the browser. Public pages under /public, the logged-in
 * user's under /work (the home is their task inbox). Add a role's pages here and its menu entries in
 * layout/menus.ts.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route index element={<OpenCallsPage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="public/guides" element={<GuidesPage />} />
        <Route path="public/guides/:id" element={<GuideDetailPage />} />
        <Route path="public/challenges" element={<ChallengesPage />} />
        <Route path="public/calls/:id/passed-list" element={<PassedListPage />} />
        <Route path="public/awards/:id" element={<AwardNoticePage />} />
        <Route path="public/credit-decisions" element={<CreditDecisionsPage />} />
        <Route path="public/acceptance-conclusions" element={<AcceptanceConclusionsPage />} />
      </Route>
      <Route
        path="work"
        element={
          <RequireLogin>
            <AppLayout />
          </RequireLogin>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="applications/new" element={<NewApplicationPage />} />
        <Route path="applications/:id" element={<ApplicationFormPage />} />
        <Route path="applications/:id/status" element={<ApplicationStatusPage />} />
        <Route path="demands/new" element={<DemandFormPage />} />
        <Route path="agreements/:id" element={<AgreementPage />} />
        <Route path="projects/:id" element={<ProjectPage />} />
        <Route path="projects/:id/:step" element={<ProjectPage />} />
        <Route path="projects/:id/:step/:ref" element={<ProjectPage />} />
        <Route path="institution/endorsements" element={<EndorsementsPage />} />
        <Route path="institution/endorsements/:id" element={<EndorsementPage />} />
        <Route path="institution/projects" element={<ProjectsPage />} />
        <Route path="institution/projects/:id" element={<HostProjectPage />} />
        <Route path="institution/projects/:id/:step" element={<HostProjectPage />} />
        <Route path="institution/projects/:id/:step/:ref" element={<HostProjectPage />} />
        <Route path="expert/reviews" element={<ReviewsPage />} />
        <Route path="expert/reviews/:id" element={<ReviewPage />} />
        <Route path="expert/panels" element={<PanelsPage />} />
        <Route path="expert/panels/:id" element={<PanelSeatPage />} />
        <Route path="calls/:id/formal-check" element={<FormalCheckPage />} />
        <Route path="calls/:id/rounds/new" element={<ReviewRoundNewPage />} />
        <Route path="rounds/:id" element={<ReviewRoundPage />} />
        <Route path="calls/:id/awards/new" element={<AwardProposalPage />} />
        <Route path="awards/:id" element={<AwardPage />} />
        <Route path="awards/:id/objections" element={<AwardObjectionsPage />} />
        <Route path="demand-campaigns" element={<DemandCampaignsPage />} />
        <Route path="demand-campaigns/:id" element={<DemandQueuePage />} />
        <Route path="demands/:id" element={<DemandScreeningPage />} />
        <Route path="guides" element={<GuidesWorkPage />} />
        <Route path="guides/new" element={<GuideEditPage />} />
        <Route path="guides/:id" element={<GuidePage />} />
        <Route path="guides/:id/edit" element={<GuideEditPage />} />
        <Route path="officer/agreements" element={<AgreementsPage />} />
        <Route path="officer/agreements/:id" element={<OfficerAgreementPage />} />
        <Route path="officer/projects" element={<PortfolioPage />} />
        <Route path="officer/projects/:id" element={<ProjectExecutionPage />} />
        <Route path="officer/projects/:id/:step" element={<ProjectExecutionPage />} />
        <Route path="officer/cases" element={<CasesPage />} />
        <Route path="officer/outcomes" element={<OutcomesPage />} />
        <Route path="officer/cases/:id" element={<CasePage />} />
        <Route path="officer/credit-records" element={<CreditRecordsPage />} />
        <Route path="admin/templates" element={<TemplatesPage />} />
        <Route path="admin/templates/:code" element={<TemplateEditPage />} />
        <Route path="admin/users" element={<UsersPage />} />
        <Route path="auditor/events" element={<EventLogPage />} />
        <Route path="charts" element={<ChartsPage />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
