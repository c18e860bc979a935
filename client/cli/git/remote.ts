import { REPOSITORY_URL } from '#shared/api';
import { git, gitOk } from './run-git.ts';

/**
 * The https address of `origin` when it is one of the forms forges hand out (`git@host:org/repo.git`,
 * `ssh://git@host/org/repo`, `https://host/org/repo.git`), or null. Credentials in the remote
 * URL are dropped, never sent.
 */
export async function originHttpsUrl(root: string): Promise<string | null> {
  const result = await git(root, ['remote', 'get-url', 'origin']);
  return result.code === 0 ? httpsRepositoryUrl(result.stdout.trim()) : null;
}

export function httpsRepositoryUrl(remote: string): string | null {
  let hostAndPath: string | undefined;
  const scp = /^(?:[^@/]+@)?([A-Za-z0-9.-]+):(?!\/)(.+)$/.exec(remote);
  const url = /^(?:ssh|git\+ssh|https):\/\/(?:[^@/]+@)?([A-Za-z0-9.-]+)(?::\d+)?\/(.+)$/.exec(remote);
  if (url && remote.startsWith('https://')) {
    // An https remote keeps its port; an ssh port says nothing about the forge's web address.
    const port = /^https:\/\/(?:[^@/]+@)?[A-Za-z0-9.-]+(:\d+)/.exec(remote)?.[1] ?? '';
    hostAndPath = `${url[1]}${port}/${url[2]}`;
  } else if (url) hostAndPath = `${url[1]}/${url[2]}`;
  else if (scp && !remote.includes('://')) hostAndPath = `${scp[1]}/${scp[2]}`;
  if (!hostAndPath) return null;
  const candidate = `https://${hostAndPath.replace(/\/+$/, '').replace(/\.git$/, '')}`;
  return REPOSITORY_URL.test(candidate) && !/\/\.{1,2}(?:\/|$)/.test(candidate.slice(8)) ? candidate : null;
}

/** Where the artifact of a branch is remembered: the repository's own config, never shared by a push. */
const memoryKey = (branch: string) => `live-artifacts.branch.${branch}.artifact`;

export async function rememberedArtifact(root: string, branch: string): Promise<string | null> {
  const result = await git(root, ['config', '--local', '--get', memoryKey(branch)]);
  const id = result.stdout.trim();
  return result.code === 0 && /^[A-Za-z0-9_-]{1,100}$/.test(id) ? id : null;
}

export async function rememberArtifact(root: string, branch: string, id: string): Promise<void> {
  await gitOk(root, ['config', '--local', memoryKey(branch), id]);
}
