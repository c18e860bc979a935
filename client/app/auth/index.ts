export { authHeaders, getAccessToken } from './token.ts';
