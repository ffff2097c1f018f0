// Kept only while startLaunch.ts and launch/parseLaunch.ts (the launch helper's files) still import from here:
// the settings are KheopsSettings.ts now. Delete this file once they import from there.
import type { KheopsSettings, OpenIdProviderConfig } from './KheopsSettings';

/** @deprecated Use KheopsSettings. */
export type KheopsConfiguration = KheopsSettings;
export type { OpenIdProviderConfig };

/** @deprecated Use KheopsSettingsStore.clientIdList(). */
export function clientIdList(c: KheopsSettings['clientIds']): string[] {
  if (!c) return [];
  return (Array.isArray(c) ? c : Object.values(c)).filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
}
