/**
 * The MCP tools of Live Artifacts, once for both transports: `/mcp` on the server (Streamable
 * HTTP) and `artifacts mcp` (stdio). Pure: each tool reaches the HTTP API through an injected
 * requester; the SDK is imported for its types only.
 */
export { MCP_TOOLS } from './tools.ts';
export { registerTools, callTool, errorResult, type RegisterOptions, type ToolResult } from './register.ts';
export { ApiCallError, type ApiRequest, type ApiRequester } from './requester.ts';
export type { ToolContext, ToolDefinition, ToolHints } from './tool.ts';
export { allExamples, OP_EXAMPLES, SECTION_EXAMPLES } from './learn-ops.ts';
