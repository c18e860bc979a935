/** What `artifacts pr` reads from git: `git` run through execFile (no shell), bounded output. */
export { readChanges, boundDiff, withoutFileHeaders, DIFF_LIMITS, type ChangedFile, type Changes, type Commit, type FileStatus } from './changes.ts';
export { repositoryRoot, resolveRange, commitOf, type ResolvedRange } from './range.ts';
export { httpsRepositoryUrl, originHttpsUrl, rememberArtifact, rememberedArtifact } from './remote.ts';
