// The public pages beyond the open calls (the first page, loaded with the portal itself). One chunk, loaded on the first visit to one of them (routes.tsx).
export { GuidesPage } from '../pages/public/GuidesPage';
export { GuideDetailPage } from '../pages/public/GuideDetailPage';
export { ChallengesPage } from '../pages/public/ChallengesPage';
export { PassedListPage } from '../pages/public/PassedListPage';
export { AwardNoticePage } from '../pages/public/AwardNoticePage';
export { CreditDecisionsPage } from '../pages/public/CreditDecisionsPage';
export { AcceptanceConclusionsPage } from '../pages/public/AcceptanceConclusionsPage';
