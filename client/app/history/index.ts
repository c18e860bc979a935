export { HistoryPage } from './history-page.ts';
export { RestoreController, renderRestoreSummary, type RestoreState } from './restore-control.ts';
export { renderVersionFacts } from './version-facts.ts';
