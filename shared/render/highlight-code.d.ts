/**
 * Highlighted HTML for `code` (highlight.js escapes the source), or null when `language`
 * (a name or alias such as `ts`, `sh`, `html`) is not registered.
 */
export declare function highlightCode(code: string, language: string): string | null;
