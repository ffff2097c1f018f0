import { Session } from '../../session/Session';
import { checkStudiesGranted } from '../checkStudiesGranted';
import { checkWritePermission } from '../checkWritePermission';
import type { LegacyLinkLaunch } from '../Launch';
import { LaunchError } from '../LaunchError';
import { contextOf, requireStudies, studyContext } from '../launchFields';
import { requireTrustedUrl } from '../origins';
import type { LaunchStyleModule } from './LaunchStyle';

// KHEOPS's link route under its API root: {prefix}/api/link/{token}/ohifservermetadata, where the prefix (a KHEOPS
// served below a path) is empty or plain path segments. KHEOPS's nginx accepts [a-zA-Z0-9.+=_-] in the link token
// (ReverseProxy/location_link_*.conf).
const LINK_PATH =
  /^(?<prefix>(?:\/(?!\.+(?:\/|$))[A-Za-z0-9._~-]+)*)\/api\/link\/(?<token>[A-Za-z0-9.+=_-]+)\/ohifservermetadata\/?$/;
// The path as written in the parameter (after scheme://authority): it must be what the URL parser made of it, so
// nothing was normalised away (dot segments, %2e, backslashes, tabs or newlines).
const RAW_PATH = /^[a-z][a-z0-9+.-]*:\/\/[^/\\?#]*(?<path>[^?#]*)/i;

const SCOPE_OF = {
  'read-only': 'viewer read',
  'read-write': 'viewer read write',
  unknown: undefined,
} as const;

/** L1 — KHEOPS today: the viewer token inside a link URL (`?url={api}/link/{token}/ohifservermetadata`). */
export const viewerLink: LaunchStyleModule<LegacyLinkLaunch> = {
  style: 'L1',

  detect: ({ query }) => query.has('url'),

  parse({ query: q }, trust) {
    const raw = q.required('url');
    const url = requireTrustedUrl(raw, trust.trustedOrigins, 'url');
    const match = LINK_PATH.exec(url.pathname);
    if (!match?.groups || RAW_PATH.exec(raw)?.groups?.path !== url.pathname) {
      throw new LaunchError(
        'malformed_url',
        'The launch parameter "url" is not a KHEOPS link to ohifservermetadata.',
      );
    }
    const ctx = studyContext(
      q.list('studyInstanceUIDs', 'StudyInstanceUIDs', 'studyInstanceUids'),
      q.list('seriesInstanceUIDs', 'SeriesInstanceUIDs', 'initialSeriesInstanceUID'),
      'studyInstanceUIDs',
      'seriesInstanceUIDs',
    );
    return {
      style: 'L1',
      dicomwebEndpoint: `${url.origin}${match.groups.prefix}/api`,
      accessToken: decodeURIComponent(match.groups.token!),
      ...requireStudies(ctx, 'studyInstanceUIDs'),
    };
  },

  async start(launch, { settings, returnUri }) {
    // KHEOPS does not say when a viewer token expires: assume the configured lifetime.
    const token = { accessToken: launch.accessToken, expiresAt: Date.now() + settings.legacyTokenLifetimeMs };
    const session = new Session(token, null, settings.session);
    const request = session.request.bind(session);
    // Both ask KHEOPS with the viewer token; the write check tells a sharing link (read-only) apart.
    const [, access] = await Promise.all([
      checkStudiesGranted(request, launch.dicomwebEndpoint, launch.studyUIDs, returnUri),
      checkWritePermission(request, launch.dicomwebEndpoint, launch.studyUIDs[0]!),
    ]);
    const scope = SCOPE_OF[access];
    if (scope) session.replaceToken({ ...token, scope });
    return {
      ok: true,
      style: 'L1',
      endpoint: launch.dicomwebEndpoint,
      session,
      context: contextOf(launch),
      returnUri,
    };
  },
};
