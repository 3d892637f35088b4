// The applicant's pages: demands, the application form, the agreement and the project's execution. One chunk, loaded on the first visit to one of them (routes.tsx).
export { NewApplicationPage } from '../pages/applicant/NewApplicationPage';
export { ApplicationFormPage } from '../pages/applicant/ApplicationFormPage';
export { ApplicationStatusPage } from '../pages/applicant/ApplicationStatusPage';
export { DemandFormPage } from '../pages/applicant/DemandFormPage';
export { AgreementPage } from '../pages/applicant/AgreementPage';
export { ProjectPage } from '../pages/applicant/ProjectPage';
