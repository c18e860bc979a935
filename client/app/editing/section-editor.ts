import type * as Y from 'yjs';
import { findSection, markdownText, setChecklistDone, setMeta } from '#shared/schema';

/**
 * What an editor may do to the live document from the page, through the typed writers of
 * shared/schema (the only code that knows the Yjs keys). Each change is one transaction that
 * the provider sends on the socket, where the server validates and stores it before anyone
 * else sees it; a refused one reloads the page from storage (see live-connection.ts).
 */
export interface SectionEditor {
  /** Ticks or unticks a checklist item. */
  setDone(sectionId: string, itemId: string, done: boolean): void;
  /** The Y.Text of a markdown section, for the collaborative text editor. */
  markdownText(sectionId: string): Y.Text | undefined;
  rename(title: string): void;
}

/** An editor over `edit` (LiveSession.edit) and the session's document. */
export function sectionEditor(doc: () => Y.Doc | undefined, edit: (change: (doc: Y.Doc) => void) => void): SectionEditor {
  return {
    setDone: (sectionId, itemId, done) =>
      edit((d) => {
        const map = findSection(d, sectionId);
        if (map) setChecklistDone(map, itemId, done);
      }),
    markdownText: (sectionId) => {
      const d = doc();
      const map = d && findSection(d, sectionId);
      if (!d || !map) return undefined;
      let text: Y.Text | undefined;
      // A body stored as a plain string becomes a Y.Text first: a change of its own, sent like any other.
      edit(() => (text = markdownText(map)));
      return text;
    },
    rename: (title) => edit((d) => setMeta(d, { title })),
  };
}
