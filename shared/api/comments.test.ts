import { describe, expect, it } from 'vitest';
import { MAX_MENTIONS, mentionHandle, mentionTokens, parseCommentsNotice } from './comments.ts';

describe('mentionTokens', () => {
  it('finds user ids and the agent, once each, lower-cased, in order', () => {
    expect(mentionTokens('@Bob can you look? cc @agent and @bob, @carol.')).toEqual(['bob', 'agent', 'carol']);
  });
  it('ignores e-mail addresses and a lone @', () => {
    expect(mentionTokens('mail alice@example.com or @ here')).toEqual([]);
  });
  it('takes a mention at the start and after punctuation', () => {
    expect(mentionTokens('@alice (@dave) "@eve"')).toEqual(['alice', 'dave', 'eve']);
  });
  it('stops at the bound', () => {
    const text = Array.from({ length: MAX_MENTIONS + 5 }, (_, i) => `@u${i}`).join(' ');
    expect(mentionTokens(text)).toHaveLength(MAX_MENTIONS);
  });
});

describe('parseCommentsNotice', () => {
  it('reads the notice the server sends and nothing else', () => {
    expect(parseCommentsNotice(JSON.stringify({ type: 'comments', threadId: 't1', change: 'replied' }))).toEqual({ type: 'comments', threadId: 't1', change: 'replied' });
    expect(parseCommentsNotice('keepalive')).toBeUndefined();
    expect(parseCommentsNotice(JSON.stringify({ type: 'comments', threadId: 't1', change: 'exploded' }))).toBeUndefined();
    expect(parseCommentsNotice(JSON.stringify({ type: 'comments', threadId: 7, change: 'replied' }))).toBeUndefined();
    expect(parseCommentsNotice('{"type":"comments",')).toBeUndefined();
    expect(parseCommentsNotice(JSON.stringify({ type: 'restored', version: 2 }))).toBeUndefined();
  });
});

describe('mentionHandle', () => {
  it('joins the words of a name with dots, lower-cased, punctuation dropped', () => {
    expect(mentionHandle('Alice Anders')).toBe('alice.anders');
    expect(mentionHandle("  Zoë  O'Brien ")).toBe('zoë.obrien');
    expect(mentionTokens('hi @Zoë.OBrien')).toEqual(['zoë.obrien']);
  });
});
