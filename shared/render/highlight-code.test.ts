import { expect, test } from 'vitest';
import { highlightCode } from './highlight-code.js';

test.each([
  'typescript', 'ts', 'javascript', 'js', 'json', 'python', 'py', 'bash', 'sh', 'shell', 'go', 'golang',
  'rust', 'rs', 'java', 'sql', 'yaml', 'yml', 'diff', 'css', 'xml', 'html', 'markdown', 'md', 'plaintext', 'TypeScript ',
])('%s is registered', (language) => {
  expect(highlightCode('x', language)).not.toBeNull();
});

test('an unknown or empty language gives null so the caller shows plain text', () => {
  expect(highlightCode('x', 'cobol-2077')).toBeNull();
  expect(highlightCode('x', '')).toBeNull();
});

test('the highlighted HTML escapes the source', () => {
  const out = highlightCode('const s = "<script>alert(1)</script>";', 'ts') ?? '';
  expect(out).not.toContain('<script>');
  expect(out).toContain('&lt;script&gt;');
});
