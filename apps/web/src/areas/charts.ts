// The charts (the plotting library is loaded with them, not with the portal). One chunk, loaded on the first visit to one of them (routes.tsx).
export { ChartsPage } from '../pages/charts/ChartsPage';
