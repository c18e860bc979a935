import './audit-page.ts';
