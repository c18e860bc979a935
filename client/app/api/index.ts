import { ArtifactsClient } from '../../sdk/index.ts';
import { getAccessToken } from '../auth/index.ts';

export {
  ArtifactsError,
  errorFromResponse,
  type ArtifactDiff,
  type ArtifactSettings,
  type ArtifactSummary,
  type Directory,
  type Lineage,
  type Remixed,
  type Me,
  type PublishedVersion,
  type Sharing,
  type SharingInput,
  type VersionInfo,
  type VersionLink,
  type ViewSetting,
} from '../../sdk/index.ts';

/** The page talks to its own origin's API through the same SDK agents use. */
export const api = new ArtifactsClient({ baseUrl: '', token: getAccessToken });
