import { describe, expect, it } from 'vitest';
import { saveStateOf } from './save-state.ts';

describe('saveStateOf', () => {
  it('says saved only when nothing is waiting for the server', () => {
    expect(saveStateOf(0, true)).toBe('saved');
    expect(saveStateOf(0, false)).toBe('saved');
    expect(saveStateOf(2, true)).toBe('saving');
    expect(saveStateOf(1, false)).toBe('offline');
  });
});
