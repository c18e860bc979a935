import { css } from 'lit';

/** The thread panel: a drawer at the right from 700 px up, a full-width bottom sheet below. */
export const panelStyles = css`
  :host { font-family: var(--la-font, system-ui, sans-serif); color: var(--la-text, #1f2328); }
  .panel {
    position: fixed; z-index: 40; top: var(--app-bar-height, 52px); right: 0; bottom: 0; width: min(400px, 100vw);
    display: flex; flex-direction: column; background: var(--la-bg, #fff);
    border-left: 1px solid var(--la-border, #d1d9e0); box-shadow: -8px 0 24px rgba(31, 35, 40, 0.12);
  }
  @media (max-width: 700px) {
    .panel { top: auto; left: 0; width: 100vw; height: 85vh; border-left: 0; border-top: 1px solid var(--la-border, #d1d9e0); border-radius: 12px 12px 0 0; box-shadow: 0 -8px 24px rgba(31, 35, 40, 0.18); }
  }
  header { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 12px 16px; border-bottom: 1px solid var(--la-border, #d1d9e0); }
  h2 { margin: 0; font-size: 16px; line-height: 1.3; overflow-wrap: anywhere; }
  h2 .on { font-weight: 400; color: var(--la-muted, #59636e); }
  .scroll { flex: 1; overflow-y: auto; padding: 12px 16px 24px; }
  .thread { border: 1px solid var(--la-border, #d1d9e0); border-radius: 8px; padding: 10px 12px; margin-bottom: 14px; }
  .thread.resolved { background: var(--la-subtle, #f6f8fa); }
  .thread-head { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 6px; }
  .badge { font-size: 12px; line-height: 18px; padding: 0 8px; border-radius: 999px; background: var(--la-subtle, #f6f8fa); border: 1px solid var(--la-border, #d1d9e0); color: var(--la-muted, #59636e); }
  .badge.open { color: #9a6700; border-color: #d4a72c; background: #fff8c5; }
  .badge.done { color: #1a7f37; border-color: #4ac26b; background: #dafbe1; }
  .badge.agent { color: #8250df; border-color: #c297ff; background: #fbefff; }
  blockquote { margin: 0 0 8px; padding: 2px 10px; border-left: 3px solid var(--la-border, #d1d9e0); color: var(--la-muted, #59636e); font-size: 13px; }
  ol.comments { list-style: none; margin: 0; padding: 0; }
  .comment { padding: 6px 0; border-top: 1px solid var(--la-subtle, #f6f8fa); }
  .comment:first-child { border-top: 0; }
  .meta { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px; font-size: 12px; color: var(--la-muted, #59636e); }
  .author { font-weight: 600; color: var(--la-text, #1f2328); font-size: 13px; }
  .text { margin: 4px 0; font-size: 14px; line-height: 1.45; white-space: pre-wrap; overflow-wrap: anywhere; }
  .mention { color: #0969da; font-weight: 600; }
  .row { display: flex; align-items: center; flex-wrap: wrap; gap: 8px; margin-top: 6px; }
  .row.small { margin-top: 0; }
  .reply { margin-top: 8px; }
  .new { margin-top: 8px; padding-top: 12px; border-top: 1px solid var(--la-border, #d1d9e0); }
  .new .row { justify-content: space-between; }
  .ask { display: inline-flex; align-items: center; gap: 6px; font-size: 14px; cursor: pointer; }
  .ask input { width: 18px; height: 18px; }
  button {
    min-height: 32px; padding: 4px 12px; font: inherit; font-size: 14px; cursor: pointer;
    color: var(--la-text, #1f2328); background: var(--la-subtle, #f6f8fa); border: 1px solid var(--la-border, #d1d9e0); border-radius: 6px;
  }
  button.primary { color: #fff; background: #1f883d; border-color: #1a7f37; }
  button.link { min-height: 28px; padding: 2px 4px; background: none; border: 0; color: #0969da; font-size: 13px; }
  button.link.danger { color: #cf222e; }
  button.close { min-width: 36px; min-height: 36px; background: none; border: 0; font-size: 18px; }
  button:focus-visible, input:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
  button:disabled { opacity: 0.6; cursor: default; }
  .state { color: var(--la-muted, #59636e); font-size: 14px; padding: 12px 0; }
  .problem { color: #cf222e; background: #ffebe9; border: 1px solid #ff8182; border-radius: 6px; padding: 8px 10px; font-size: 14px; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
