import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renderSection } from '../render/index.ts';
import { artifactToJSON, sectionsArray } from '../schema/index.ts';
import { applyOps } from './apply.ts';
import { OpError } from './errors.ts';

let counter = 0;
const newId = () => `gen${++counter}`;
const run = (doc: Y.Doc, ops: unknown[], limits?: Parameters<typeof applyOps>[2]['limits']) => applyOps(doc, { ops }, { newId, ...(limits ? { limits } : {}) });
const codeOf = (doc: Y.Doc, id: string) => {
  const section = artifactToJSON(doc, 'a').sections.find((s) => s.id === id);
  return section?.type === 'code' ? section.code : undefined;
};

/** A document as written before code bodies were Y.Text: `code` is a plain string. */
function oldDocument(code: string): Y.Doc {
  const doc = new Y.Doc();
  const map = new Y.Map<unknown>();
  map.set('id', 'build');
  map.set('type', 'code');
  map.set('language', 'log');
  map.set('code', code);
  sectionsArray(doc).push([map]);
  return doc;
}

function opError(fn: () => unknown): OpError {
  try {
    fn();
  } catch (error: unknown) {
    if (error instanceof OpError) return error;
    throw error;
  }
  throw new Error('expected an OpError');
}

describe('text ops on code sections', () => {
  it('text.append adds to the code verbatim and in order, text.set replaces it', () => {
    const doc = new Y.Doc();
    run(doc, [{ op: 'section.upsert', section: { id: 'build', type: 'code', language: 'log' } }]);
    run(doc, [{ op: 'text.append', id: 'build', text: '$ make\n' }]);
    run(doc, [
      { op: 'text.append', id: 'build', text: '  cc -o app  main.c\t# tabs, spaces\n' },
      { op: 'text.append', id: 'build', text: '**not markdown** <b>nor html</b>\n' },
    ]);
    expect(codeOf(doc, 'build')).toBe('$ make\n  cc -o app  main.c\t# tabs, spaces\n**not markdown** <b>nor html</b>\n');
    run(doc, [{ op: 'text.set', id: 'build', text: 'clean\n' }]);
    expect(codeOf(doc, 'build')).toBe('clean\n');
  });

  it('refuses what does not fit, leaving the document as it was', () => {
    const doc = new Y.Doc();
    run(doc, [
      { op: 'section.upsert', section: { id: 'build', type: 'code', code: 'abc' } },
      { op: 'section.upsert', section: { id: 'chart', type: 'chart' } },
    ]);
    const before = Y.encodeStateAsUpdate(doc);
    const limits = { maxOpsPerBatch: 10, maxSections: 10, maxTextChars: 5, maxItems: 10, maxImageChars: 10 };
    expect(opError(() => run(doc, [{ op: 'text.append', id: 'build', text: 'def' }], limits))).toMatchObject({ code: 'text_too_large', opIndex: 0 });
    expect(opError(() => run(doc, [{ op: 'text.append', id: 'build', text: 'd' }, { op: 'text.append', id: 'chart', text: 'x' }]))).toMatchObject({
      code: 'section_type_mismatch',
      opIndex: 1,
    });
    expect(opError(() => run(doc, [{ op: 'text.append', id: 'nope', text: 'x' }]))).toMatchObject({ code: 'section_not_found' });
    expect(opError(() => run(doc, [{ op: 'text.append', id: 'build', text: 7 }]))).toMatchObject({ code: 'invalid_op', path: 'text' });
    expect(opError(() => run(doc, [{ op: 'text.append', id: 'build', text: 'x', code: 'y' }]))).toMatchObject({ code: 'invalid_op' });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('an old document with a plain-string code body loads, renders, and keeps its content when appended to', () => {
    const doc = oldDocument('line 1\n');
    expect(codeOf(doc, 'build')).toBe('line 1\n');
    const html = collectResultSync(render(renderSection(artifactToJSON(doc, 'a').sections[0]!)));
    expect(html).toContain('line 1');
    // The size limit counts the old body too.
    const limits = { maxOpsPerBatch: 10, maxSections: 10, maxTextChars: 10, maxItems: 10, maxImageChars: 10 };
    expect(opError(() => run(doc, [{ op: 'text.append', id: 'build', text: 'line 2\n' }], limits))).toMatchObject({ code: 'text_too_large' });
    run(doc, [{ op: 'text.append', id: 'build', text: 'line 2\n' }]);
    expect(codeOf(doc, 'build')).toBe('line 1\nline 2\n');
    // Converted once: a replica that syncs the change sees the same body.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(codeOf(replica, 'build')).toBe('line 1\nline 2\n');
  });
});
