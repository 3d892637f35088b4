// The administrator's and the auditor's pages: templates, users, the event log. One chunk, loaded on the first visit to one of them (routes.tsx).
export { TemplateEditPage } from '../pages/admin/TemplateEditPage';
export { TemplatesPage } from '../pages/admin/TemplatesPage';
export { UsersPage } from '../pages/admin/UsersPage';
export { EventLogPage } from '../pages/auditor/EventLogPage';
