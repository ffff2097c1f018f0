// The phases of bench/refresh.ts: one sandbox each (its --token-ttl), the same launch and frame load in each.

export type PhaseId = 'steady' | 'refreshing' | 'at-expiry';
export const PHASE_IDS: readonly PhaseId[] = ['steady', 'refreshing', 'at-expiry'];

export interface Phase {
  id: PhaseId;
  tokenTtlS: number;
  /** The data source's `session` settings (app-config), when not DefaultSessionTiming. */
  session?: Record<string, number>;
  what: string;
}

export const PHASES: Record<PhaseId, Phase> = {
  steady: { id: 'steady', tokenTtlS: 3600, what: 'one-hour tokens: no refresh during the phase' },
  // A 300-s token (the OHIF profile's default) is renewed 60 s before its end and counts as expired 5 s before:
  // requests never wait for the renewal. The same shape, shrunk: 4-s tokens renewed 2 s before their end,
  // counted expired 1 s before.
  refreshing: {
    id: 'refreshing',
    tokenTtlS: 4,
    session: { refreshLeadFraction: 0.5, expirySkewMs: 1_000 },
    what: '4-s tokens, session {refreshLeadFraction 0.5, expirySkewMs 1000}: renewed every 2 s, 1 s before the token counts as expired (the shape of the default 300-s token)',
  },
  // With DefaultSessionTiming a token of 15 s or less is renewed only when it turns unusable (the 5-s skew is
  // longer than a third of its life): the requests of that moment wait for the renewal.
  'at-expiry': {
    id: 'at-expiry',
    tokenTtlS: 7,
    what: '7-s tokens, DefaultSessionTiming: renewed every 2 s, at the moment the token counts as expired (frame requests then wait for the renewal)',
  },
};

/**
 * An init script for the viewer origin: when app-config.js sets window.config, the KHEOPS data source gets these
 * session settings. (A Playwright route on app-config.js would do it too, but routing makes Playwright intercept
 * every request of the context: +13 ms on each frame at --rtt 0.)
 */
export function sessionInitScript(viewerOrigin: string, session: Record<string, number>): string {
  return `(() => {
  if (location.origin !== ${JSON.stringify(viewerOrigin)}) return;
  let config;
  Object.defineProperty(window, 'config', {
    configurable: true,
    get: () => config,
    set: (value) => {
      const kheops = (value && value.dataSources || []).find((d) => d.sourceName === 'kheops');
      if (kheops) kheops.configuration.session = ${JSON.stringify(session)};
      config = value;
    },
  });
})();`;
}
