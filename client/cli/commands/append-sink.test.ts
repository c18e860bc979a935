import { describe, expect, it } from 'vitest';
import { markdownLines } from './append-sink.ts';

const convert = (lines: string[]) => {
  const next = markdownLines();
  return lines.map(next).join('');
};

describe('markdownLines', () => {
  it('adds a hard break to every line that would otherwise run into the next', () => {
    expect(convert(['a', 'b', '', 'c'])).toBe('a  \nb  \n\nc  \n');
  });

  it('leaves lines that already break, blank lines and fenced code as they are', () => {
    expect(convert(['two spaces  ', 'backslash\\', '   ', '```sh', 'ls -l', '~~~', '```', 'after'])).toBe('two spaces  \nbackslash\\\n   \n```sh\nls -l\n~~~\n```\nafter  \n');
  });

  it('a fence closes only with the same marker, at least as long', () => {
    expect(convert(['````', '```', 'still code', '````', 'text'])).toBe('````\n```\nstill code\n````\ntext  \n');
  });
});
