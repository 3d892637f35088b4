import { Spin } from 'antd';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import type { ReactNode } from 'react';
import { useAuth } from './auth/AuthContext';
import { AppLayout } from './layout/AppLayout';
import { PublicLayout } from './layout/PublicLayout';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { TemplateEditPage } from './pages/admin/TemplateEditPage';
import { TemplatesPage } from './pages/admin/TemplatesPage';
import { UsersPage } from './pages/admin/UsersPage';
import { EventLogPage } from './pages/auditor/EventLogPage';
import { ChartsPage } from './pages/charts/ChartsPage';
import { AgreementPage } from './pages/applicant/AgreementPage';
import { ApplicationFormPage } from './pages/applicant/ApplicationFormPage';
import { ApplicationStatusPage } from './pages/applicant/ApplicationStatusPage';
import { DemandFormPage } from './pages/applicant/DemandFormPage';
import { NewApplicationPage } from './pages/applicant/NewApplicationPage';
import { ProjectPage } from './pages/applicant/ProjectPage';
import { PanelSeatPage } from './pages/expert/PanelSeatPage';
import { PanelsPage } from './pages/expert/PanelsPage';
import { ReviewPage } from './pages/expert/ReviewPage';
import { ReviewsPage } from './pages/expert/ReviewsPage';
import { HomePage } from './pages/home/HomePage';
import { EndorsementPage } from './pages/institution/EndorsementPage';
import { EndorsementsPage } from './pages/institution/EndorsementsPage';
import { HostProjectPage } from './pages/institution/HostProjectPage';
import { ProjectsPage } from './pages/institution/ProjectsPage';
import { AwardObjectionsPage } from './pages/officer/AwardObjectionsPage';
import { AgreementPage as OfficerAgreementPage } from './pages/officer/AgreementPage';
import { AgreementsPage } from './pages/officer/AgreementsPage';
import { AwardPage } from './pages/officer/AwardPage';
import { CasePage } from './pages/officer/CasePage';
import { CasesPage } from './pages/officer/CasesPage';
import { CreditRecordsPage } from './pages/officer/CreditRecordsPage';
import { AwardProposalPage } from './pages/officer/AwardProposalPage';
import { DemandCampaignsPage } from './pages/officer/DemandCampaignsPage';
import { DemandQueuePage } from './pages/officer/DemandQueuePage';
import { DemandScreeningPage } from './pages/officer/DemandScreeningPage';
import { FormalCheckPage } from './pages/officer/FormalCheckPage';
import { GuideEditPage } from './pages/officer/GuideEditPage';
import { GuidePage } from './pages/officer/GuidePage';
import { GuidesWorkPage } from './pages/officer/GuidesWorkPage';
import { PortfolioPage } from './pages/officer/PortfolioPage';
import { ProjectExecutionPage } from './pages/officer/ProjectExecutionPage';
import { ReviewRoundNewPage } from './pages/officer/ReviewRoundNewPage';
import { ReviewRoundPage } from './pages/officer/ReviewRoundPage';
import { AcceptanceConclusionsPage } from './pages/public/AcceptanceConclusionsPage';
import { AwardNoticePage } from './pages/public/AwardNoticePage';
import { ChallengesPage } from './pages/public/ChallengesPage';
import { CreditDecisionsPage } from './pages/public/CreditDecisionsPage';
import { GuideDetailPage } from './pages/public/GuideDetailPage';
import { GuidesPage } from './pages/public/GuidesPage';
import { OpenCallsPage } from './pages/public/OpenCallsPage';
import { PassedListPage } from './pages/public/PassedListPage';

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
        <Route path="officer/cases" element={<CasesPage />} />
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
