export { HistoryPage, restoreSummary } from './history-page.ts';
export { renderVersionFacts } from './version-facts.ts';
