import type { RegisteredClients } from '../context';
import type { Profile } from '../types';

import type { LaunchStyleId } from '@kheops-ohif/extension-kheops';

export type { LaunchStyleId };

export interface LaunchStyle {
  id: LaunchStyleId;
  label: string;
  enabled: boolean;
  /** Why the style is unavailable, when it is. */
  reason?: string;
  /** Report-provider client id posted to /api/report (L2–L4). */
  clientId?: string;
}

const LABELS: Record<LaunchStyleId, string> = {
  L1: 'L1 — viewer link token (KHEOPS\u2019s OHIF launch today)',
  L2: 'L2 — report provider, implicit',
  L3: 'L3 — report provider, authorization code',
  L4: 'L4 — OIDC third-party-initiated login',
};

function providerStyle(id: LaunchStyleId, clientId: string | undefined, blockedReason?: string): LaunchStyle {
  if (blockedReason) return { id, label: LABELS[id], enabled: false, reason: blockedReason };
  if (!clientId)
    return {
      id,
      label: LABELS[id],
      enabled: false,
      reason: 'no such report provider is registered on this album',
    };
  return { id, label: LABELS[id], enabled: true, clientId };
}

/** The styles the KHEOPS UI offers under a profile, given the report providers registered so far. */
export function launchStylesFor(profile: Profile, clients: RegisteredClients): LaunchStyle[] {
  const today = profile === 'today';
  return [
    { id: 'L1', label: LABELS.L1, enabled: true },
    providerStyle('L2', clients.implicit),
    providerStyle(
      'L3',
      clients.code,
      today
        ? 'KHEOPS today requires private_key_jwt for code-flow providers, which a browser app cannot hold'
        : undefined,
    ),
    providerStyle(
      'L4',
      clients.thirdParty,
      today
        ? 'KHEOPS today has no /authorize endpoint and no initiate_login_uri (OHIF profile only)'
        : undefined,
    ),
  ];
}

/** The requested style when it is usable, else the most secure one the profile allows. */
export function defaultLaunchStyle(
  profile: Profile,
  styles: LaunchStyle[],
  requested?: string,
): LaunchStyleId {
  const usable = styles.filter((s) => s.enabled);
  const wanted = usable.find((s) => s.id === requested);
  if (wanted) return wanted.id;
  const preferred: LaunchStyleId = profile === 'ohif' ? 'L4' : 'L2';
  if (usable.some((s) => s.id === preferred)) return preferred;
  return (
    usable
      .map((s) => s.id)
      .sort()
      .at(-1) ?? 'L1'
  );
}
