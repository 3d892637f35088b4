// The logged-in user's home: the task inbox and their role's lists. One chunk, loaded on the first visit to one of them (routes.tsx).
export { HomePage } from '../pages/home/HomePage';
