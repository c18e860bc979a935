export { getAccessToken } from './token.ts';
