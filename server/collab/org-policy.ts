import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import type { OrgPolicy } from '#policies';
import { parseArtifactId } from '#shared';
import { featureDisabled } from '../governance/errors.ts';
import type { ArtifactStore } from '../store/index.ts';

/** Where sockets read their org's policy (server/governance's cached PolicyStore). */
export interface PolicyReader {
  get(orgId: string): Promise<OrgPolicy>;
}

/**
 * The org policy on sockets: with the feature switched off, no document of the org is opened
 * (refused with `feature_disabled`). Runs after the auth extension, so only callers who may
 * read the artifact get here and existence never leaks; sockets already open when the policy
 * changes are closed by server/governance.
 */
export function orgPolicyExtension(store: ArtifactStore, policies: PolicyReader): Extension {
  return {
    extensionName: 'org-policy',
    async onAuthenticate({ documentName }: onAuthenticatePayload): Promise<void> {
      const id = parseArtifactId(documentName);
      const rows = id ? await store.db.query<{ org_id: string }>('select org_id from artifacts where id = $1', [id]) : [];
      const orgId = rows[0]?.org_id;
      if (orgId !== undefined && !(await policies.get(orgId)).enabled) {
        throw featureDisabled();
      }
    },
  };
}
