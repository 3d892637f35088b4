// The host institution's pages: endorsements and its projects. One chunk, loaded on the first visit to one of them (routes.tsx).
export { EndorsementPage } from '../pages/institution/EndorsementPage';
export { EndorsementsPage } from '../pages/institution/EndorsementsPage';
export { HostProjectPage } from '../pages/institution/HostProjectPage';
export { ProjectsPage } from '../pages/institution/ProjectsPage';
