/** What the editor's changes are: all stored, on their way, or waiting for the connection. */
export type SaveState = 'saved' | 'saving' | 'offline';

/** The save state from the provider's count of unacknowledged changes and whether it is connected. */
export function saveStateOf(unsynced: number, connected: boolean): SaveState {
  if (unsynced === 0) return 'saved';
  return connected ? 'saving' : 'offline';
}
