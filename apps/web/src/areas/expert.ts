// The expert's pages: review invitations and panel seats. One chunk, loaded on the first visit to one of them (routes.tsx).
export { PanelSeatPage } from '../pages/expert/PanelSeatPage';
export { PanelsPage } from '../pages/expert/PanelsPage';
export { ReviewPage } from '../pages/expert/ReviewPage';
export { ReviewsPage } from '../pages/expert/ReviewsPage';
