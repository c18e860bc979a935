import { createHash } from 'node:crypto';
import { strToU8, Zip, ZipDeflate } from 'fflate';
import type { ComplianceArtifact, StoredVersion } from '../store/index.ts';

export interface ExportManifest {
  format: 'live-artifacts-export/1';
  exportedAt: string;
  exportedBy: { userId: string; name: string };
  artifact: ComplianceArtifact;
  versions: {
    version: number;
    /** The sha256 recorded at publish time; `intact` says whether the exported HTML still has it. */
    recordedSha256: string;
    intact: boolean;
    author: string;
    createdAt: string;
    message: string | null;
    gitCommit: string | null;
  }[];
  /** Every other file of the archive with the sha256 of its exact bytes. */
  files: { name: string; sha256: string; bytes: number }[];
}

export interface ExportSource {
  artifact: ComplianceArtifact;
  exportedBy: { userId: string; name: string };
  versionNumbers: readonly number[];
  /** Reads one version when the archive gets to it, so only one is in memory at a time. */
  loadVersion(version: number): Promise<StoredVersion | null>;
  /** The artifact's comment threads (content too: an export is the artifact's whole record), as `comments.json`. */
  loadComments?: () => Promise<unknown>;
  now: Date;
}

/**
 * One zip with `v<n>.html` and `v<n>.json` of every version, byte for byte as stored and
 * served, `comments.json` with its comment threads, and `manifest.json` (written last) with the artifact's metadata and the sha256 of
 * each file. Streamed: each pull reads and compresses one version.
 */
export function exportBundle(source: ExportSource): ReadableStream<Uint8Array> {
  const files: ExportManifest['files'] = [];
  const versions: ExportManifest['versions'] = [];
  const pending: Uint8Array[] = [];
  let failure: unknown;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else pending.push(chunk);
  });
  const addFile = (name: string, bytes: Uint8Array, mtime: Date) => {
    const file = new ZipDeflate(name, { level: 6 });
    file.mtime = mtime;
    zip.add(file);
    file.push(bytes, true);
    files.push({ name, sha256: sha256(bytes), bytes: bytes.byteLength });
  };
  let next = 0;
  let done = false;
  let commentsAdded = false;

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (pending.length === 0 && !done) {
        if (next < source.versionNumbers.length) {
          const n = source.versionNumbers[next++] as number;
          const v = await source.loadVersion(n);
          if (!v) continue; // deleted meanwhile
          const at = new Date(v.createdAt);
          addFile(`v${n}.html`, v.html, at);
          addFile(`v${n}.json`, strToU8(v.json), at);
          versions.push({ version: n, recordedSha256: v.sha256, intact: sha256(v.html) === v.sha256, author: v.authorId, createdAt: v.createdAt, message: v.message, gitCommit: v.gitCommit });
        } else if (source.loadComments && !commentsAdded) {
          commentsAdded = true;
          addFile('comments.json', strToU8(`${JSON.stringify(await source.loadComments(), null, 2)}\n`), source.now);
        } else {
          const manifest: ExportManifest = {
            format: 'live-artifacts-export/1',
            exportedAt: source.now.toISOString(),
            exportedBy: source.exportedBy,
            artifact: source.artifact,
            versions,
            files,
          };
          const manifestFile = new ZipDeflate('manifest.json', { level: 6 });
          manifestFile.mtime = source.now;
          zip.add(manifestFile);
          manifestFile.push(strToU8(`${JSON.stringify(manifest, null, 2)}\n`), true);
          zip.end();
          done = true;
        }
        if (failure) throw failure;
      }
      for (const chunk of pending.splice(0)) controller.enqueue(chunk);
      if (done && pending.length === 0) controller.close();
    },
  });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
