/**
 * The Node.js versions the server runs on (package.json `engines`; tested on 24 LTS). Imported
 * first by main.ts, so an older Node stops with one clear line before anything else loads.
 */
export const MIN_NODE = { major: 22, minor: 12 } as const;
/** The OpenTelemetry SDK 3 line needs 22.15: telemetry is refused below it, the server runs. */
export const MIN_NODE_FOR_TELEMETRY = { major: 22, minor: 15 } as const;

/** Whether `version` (e.g. `22.12.0`, as in `process.versions.node`) is at least `min`. */
export function atLeast(min: { major: number; minor: number }, version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major > min.major || (major === min.major && minor >= min.minor);
}

export function unsupportedNodeMessage(version: string = process.version): string {
  return `Live Artifacts needs Node.js ${MIN_NODE.major}.${MIN_NODE.minor} or newer (tested on 24 LTS); this is ${version}. README, "Run it", has the one line that installs Node 24.`;
}
