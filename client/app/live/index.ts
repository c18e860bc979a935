export { LiveView } from './live-view.ts';
export { SectionStore, type SectionsListener } from './section-store.ts';
