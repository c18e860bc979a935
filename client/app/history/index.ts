export { HistoryPage } from './history-page.ts';
export { renderRestoreSummary, renderVersionFacts } from './version-facts.ts';
