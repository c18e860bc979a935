export { getAccessToken } from './token.ts';
export { onTokenRefresh, signIn, signOut } from './session.ts';
