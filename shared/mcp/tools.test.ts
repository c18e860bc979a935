import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { z } from 'zod';
import { applyOps, OP_NAMES, opSchema } from '../ops/index.ts';
import { artifactToJSON, SECTION_TYPES } from '../schema/index.ts';
import { allExamples, ApiCallError, callTool, errorResult, MCP_TOOLS, OP_EXAMPLES, SECTION_EXAMPLES } from './index.ts';

describe('MCP tools', () => {
  it('have unique [a-z_] names, every hint set, and input and output schemas that convert to JSON Schema', () => {
    const names = MCP_TOOLS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const tool of MCP_TOOLS) {
      expect(tool.name).toMatch(/^[a-z_]+$/);
      expect(tool.description.length, tool.name).toBeGreaterThan(60);
      expect(tool.description, `${tool.name} gives an example`).toMatch(/Example|\{\}/);
      expect(Object.keys(tool.annotations).sort()).toEqual(['destructiveHint', 'idempotentHint', 'openWorldHint', 'readOnlyHint']);
      expect(tool.annotations.openWorldHint).toBe(false);
      if (tool.annotations.readOnlyHint) expect(tool.annotations.destructiveHint).toBe(false);
      expect(z.toJSONSchema(tool.inputSchema, { io: 'input', unrepresentable: 'any' })).toMatchObject({ type: 'object' });
      expect(z.toJSONSchema(tool.outputSchema, { unrepresentable: 'any' })).toMatchObject({ type: 'object' });
    }
  });

  it("learn_ops' examples cover every op and section type and apply, in order, to an empty document", () => {
    expect(Object.keys(SECTION_EXAMPLES).sort()).toEqual([...SECTION_TYPES].sort());
    expect(Object.keys(OP_EXAMPLES).sort()).toEqual([...OP_NAMES].sort());
    for (const op of allExamples()) expect(opSchema.safeParse(op).success, JSON.stringify(op)).toBe(true);
    const doc = new Y.Doc();
    let counter = 0;
    expect(applyOps(doc, { ops: allExamples() }, { newId: () => `gen${++counter}` }).applied).toBe(allExamples().length);
    const json = artifactToJSON(doc, 'a1');
    expect(json.meta.title).toBe('Checkout retries: walkthrough');
    expect(json.sections.map((s) => s.id)).not.toContain('pixel');
  });

  it('learn_ops answers the JSON Schema of the real op schema, without any request', async () => {
    const learn = MCP_TOOLS.find((t) => t.name === 'learn_ops')!;
    const refuse = () => Promise.reject(new Error('learn_ops must not call the API'));
    const result = await callTool(learn, {}, { api: refuse, artifactUrl: (id) => `/a/${id}`, newIdempotencyKey: () => 'k' });
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent['opJsonSchema']).toEqual(z.toJSONSchema(opSchema, { io: 'input', unrepresentable: 'any' }));
    expect(result.content[0]!.text).toContain('timeline.append');
  });

  it('reports an API refusal with its code, op index and path in the text and the structured content', () => {
    const result = errorResult(new ApiCallError(400, 'section_not_found', 'section "nope" does not exist', { opIndex: 3, path: 'ops.3.id' }));
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toBe('Error section_not_found (op 3, path ops.3.id): section "nope" does not exist');
    expect(result.structuredContent).toEqual({ error: { code: 'section_not_found', message: 'section "nope" does not exist', status: 400, opIndex: 3, path: 'ops.3.id' } });
    // Anything else says nothing about itself (it may hold what is not safe to show).
    expect(errorResult(new Error('secret detail')).content[0]!.text).not.toContain('secret');
  });
});
