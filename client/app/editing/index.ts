import './editing.css';

export { sectionEditor, type SectionEditor } from './section-editor.ts';
export { renderEditableChecklist } from './editable-checklist.ts';
export { renderMarkdownEditing } from './markdown-section.ts';
export { saveStateOf, type SaveState } from './save-state.ts';
export { SaveStatus } from './save-status.ts';
export { TitleEdit } from './title-edit.ts';
