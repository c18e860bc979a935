import type { VersionInfo, ViewSetting } from '../api/index.ts';

export interface ViewOption {
  /** `live` or a version number as text: the value of a `<select>` option. */
  value: string;
  label: string;
}

/** Longest message shown inside an option; the history page shows it whole. */
const OPTION_MESSAGE_CHARS = 48;

/**
 * The choices of the "What viewers see" control: the live document, then every version newest
 * first. A pinned version missing from the list (removed by retention) stays choosable, so the
 * control never shows a value it does not offer.
 */
export function viewOptions(versions: readonly VersionInfo[], current: ViewSetting | undefined): ViewOption[] {
  const options: ViewOption[] = [{ value: 'live', label: 'Live document' }];
  for (const v of versions) options.push({ value: String(v.version), label: versionOptionLabel(v) });
  if (current?.mode === 'pinned' && !versions.some((v) => v.version === current.version)) {
    options.push({ value: String(current.version), label: `Version ${current.version}` });
  }
  return options;
}

export function viewValue(setting: ViewSetting): string {
  return setting.mode === 'live' ? 'live' : String(setting.version);
}

/** The setting an option value stands for, or undefined for a value no option has. */
export function parseViewValue(value: string): ViewSetting | undefined {
  if (value === 'live') return { mode: 'live' };
  const version = Number(value);
  return Number.isSafeInteger(version) && version > 0 ? { mode: 'pinned', version } : undefined;
}

function versionOptionLabel(v: VersionInfo): string {
  const message = (v.message ?? '').trim();
  if (!message) return `Version ${v.version}`;
  const short = message.length > OPTION_MESSAGE_CHARS ? `${message.slice(0, OPTION_MESSAGE_CHARS - 1)}…` : message;
  return `Version ${v.version} · ${short}`;
}
