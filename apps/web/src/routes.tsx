import { Spin } from 'antd';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import type { ReactNode } from 'react';
import { useAuth } from './auth/AuthContext';
import { AppLayout } from './layout/AppLayout';
import { PublicLayout } from './layout/PublicLayout';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PanelSeatPage } from './pages/expert/PanelSeatPage';
import { PanelsPage } from './pages/expert/PanelsPage';
import { ReviewPage } from './pages/expert/ReviewPage';
import { ReviewsPage } from './pages/expert/ReviewsPage';
import { HomePage } from './pages/home/HomePage';
import { EndorsementPage } from './pages/institution/EndorsementPage';
import { EndorsementsPage } from './pages/institution/EndorsementsPage';
import { HostProjectPage } from './pages/institution/HostProjectPage';
import { ProjectsPage } from './pages/institution/ProjectsPage';
import { GuideDetailPage } from './pages/public/GuideDetailPage';
import { GuidesPage } from './pages/public/GuidesPage';
import { OpenCallsPage } from './pages/public/OpenCallsPage';

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
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
