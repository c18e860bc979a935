/**
 * Numbers of the wire protocol the server reads itself (Hocuspocus' message types, y-protocols'
 * sync types), named once for every extension that looks at a frame.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AUTH = 2;

/** y-protocols sync types: step 1 asks for what the sender lacks, step 2 and updates carry changes. */
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

/** Hocuspocus' "permission denied" answer to an auth message (@hocuspocus/common). */
export const AUTH_PERMISSION_DENIED = 1;

/** An encoded Yjs update with no structs and no deletions. */
export const EMPTY_UPDATE_BYTES = 2;
