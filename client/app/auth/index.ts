export { getAccessToken } from './token.ts';
export { onTokenRefresh, signIn, signInHere, signOut } from './session.ts';
