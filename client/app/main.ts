/**
 * Browser entry. The artifact CSS goes into the document (light DOM) so live sections look
 * exactly like the frozen HTML of a version; the app's own chrome CSS comes after it.
 */
import { ARTIFACT_CSS } from '#shared/render';
import './styles/app.css';
import './styles/controls.css';
import './styles/versions.css';
import './styles/diff.css';
import './shell/index.ts';

const artifactStyle = document.createElement('style');
artifactStyle.dataset['source'] = 'artifact-css';
artifactStyle.textContent = ARTIFACT_CSS;
document.head.prepend(artifactStyle);
