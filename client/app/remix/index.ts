export { LineageBar } from './lineage-bar.ts';
