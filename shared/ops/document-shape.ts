import * as Y from 'yjs';
import type { z } from 'zod';
import { metaMap, sectionsArray, type SectionMap } from '../schema/index.ts';
import type { SectionType } from '../schema/types.ts';
import type { OpLimits } from './limits.ts';

/** A Yjs type as a transaction's `changed` map keys them. */
type AnyType = Y.Transaction['changed'] extends Map<infer K, unknown> ? K : never;
import { opSchema, sectionFieldsSchema } from './op-schema.ts';
import { checkSectionFields } from './validate.ts';

/*
 * The document shape that ops guarantee, checked on a change that did not come through ops (a
 * socket editor's Yjs update, already applied): every section a transaction touched must be
 * one an op batch could have written, and nothing may be written outside `meta` and
 * `sections`. Ops themselves never need this; they are validated before they apply.
 */

/** Why the document after `transaction` is not a shape ops could make, or undefined when it is. */
export function shapeProblem(doc: Y.Doc, transaction: Y.Transaction, limits: OpLimits): string | undefined {
  const meta = metaMap(doc);
  const sections = sectionsArray(doc);
  const touched = new Set<SectionMap>();
  // Typing into a section's text changes nothing but its length: checked without reading it all.
  const typedInto = new Set<Y.Text>();
  let metaTouched = false;
  for (const type of transaction.changed.keys()) {
    const root = rootOf(type);
    if (root === (meta as unknown as AnyType)) metaTouched = true;
    else if (root !== (sections as unknown as AnyType)) return `only "meta" and "sections" may be written, not "${rootName(doc, root)}"`;
    else if (isSectionText(type, sections)) typedInto.add(type as unknown as Y.Text);
    else if (type !== (sections as unknown as AnyType)) {
      const section = topLevelOf(type, sections);
      if (section) touched.add(section);
    }
  }
  for (const text of typedInto) {
    if (touched.has(text._item?.parent as SectionMap)) continue; // checked whole below
    if (text.length > limits.maxTextChars) return `a text body holds at most ${limits.maxTextChars} characters`;
  }
  // Entries inserted into the sections array by this transaction.
  if (transaction.changed.has(sections as unknown as AnyType)) {
    let count = 0;
    for (let item = sections._start; item !== null; item = item.right) {
      if (item.deleted) continue;
      count += item.length;
      if (!isNew(item, transaction)) continue;
      const value: unknown = item.content.getContent()[0];
      if (!(value instanceof Y.Map)) return 'every entry of "sections" must be a section map';
      touched.add(value as SectionMap);
    }
    if (count > limits.maxSections) return `an artifact holds at most ${limits.maxSections} sections`;
  }
  for (const section of touched) {
    if (section._item?.deleted) continue;
    const problem = sectionProblem(section.toJSON(), limits);
    if (problem) return problem;
  }
  if (metaTouched) {
    const parsed = opSchema.safeParse({ op: 'meta.set', ...meta.toJSON() });
    if (!parsed.success) return `meta: ${describe(parsed.error.issues[0])}`;
  }
  return undefined;
}

/** Why one section's plain JSON is not a section ops could write, or undefined. */
export function sectionProblem(raw: unknown, limits: OpLimits): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'a section must be a map';
  const section = raw as Record<string, unknown>;
  const where = typeof section['id'] === 'string' ? `section "${section['id']}"` : 'a section';
  if (typeof section['id'] !== 'string' || typeof section['type'] !== 'string') return `${where} needs a string "id" and "type"`;
  const parsed = sectionFieldsSchema.safeParse(section);
  if (!parsed.success) return `${where}: ${describe(parsed.error.issues[0])}`;
  try {
    checkSectionFields(parsed.data, parsed.data.type as SectionType, limits, false, (_code, message) => {
      throw new ShapeError(message);
    });
  } catch (error) {
    if (error instanceof ShapeError) return `${where}: ${error.message}`;
    throw error;
  }
  return undefined;
}

class ShapeError extends Error {}

function describe(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid';
  const path = issue.path.join('.');
  return `${path ? `${path}: ` : ''}${issue.message}`;
}

/** A Y.Text that is a field of a section map (markdown text, code). */
function isSectionText(type: AnyType, sections: Y.Array<SectionMap>): boolean {
  const holder = type._item?.parent;
  return type instanceof Y.Text && holder instanceof Y.Map && holder._item?.parent === (sections as unknown as AnyType);
}

/** The root type a nested type belongs to. */
function rootOf(type: AnyType): AnyType {
  let current = type;
  while (current._item !== null) current = current._item.parent as AnyType;
  return current;
}

/** The entry of the sections array that contains `type`. */
function topLevelOf(type: AnyType, sections: Y.Array<SectionMap>): SectionMap | undefined {
  let current = type;
  while (current._item !== null && current._item.parent !== (sections as unknown as AnyType)) current = current._item.parent as AnyType;
  return current._item !== null && current instanceof Y.Map ? (current as SectionMap) : undefined;
}

function rootName(doc: Y.Doc, root: AnyType): string {
  for (const [name, type] of doc.share) if (type === root) return name;
  return '?';
}

/** Whether an item was created by this transaction (its clock is past the state before it). */
function isNew(item: Y.Item, transaction: Y.Transaction): boolean {
  return item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
}
