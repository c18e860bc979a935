/**
 * Browser entry. Signs in first (keycloak-js, see auth/), then starts the app, so no page ever
 * runs without a token. The artifact CSS goes into the document (light DOM) so live sections
 * look exactly like the frozen HTML of a version; the app's own chrome CSS comes after it.
 */
import { ARTIFACT_CSS } from '#shared/render';
import './styles/app.css';
import './styles/controls.css';
import './styles/versions.css';
import './styles/diff.css';
import './styles/identity.css';
import './styles/audit.css';
import './styles/live.css';
import './styles/roles.css';
import './styles/a11y.css';
import { renderBootFailure } from './auth/boot-failure.ts';
import { signIn } from './auth/index.ts';

const artifactStyle = document.createElement('style');
artifactStyle.dataset['source'] = 'artifact-css';
artifactStyle.textContent = ARTIFACT_CSS;
document.head.prepend(artifactStyle);

const boot = document.getElementById('boot');
try {
  await signIn();
  boot?.remove();
  await import('./shell/index.ts');
} catch (error: unknown) {
  if (boot) renderBootFailure(boot, error);
}
