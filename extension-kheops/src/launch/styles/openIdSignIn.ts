import type { OpenIdProviderConfig } from '../../KheopsSettings';
import { OidcLaunch } from '../../session/OidcLaunch';
import { loadOpenIdConfig, type ServerConfig } from '../../session/ServerConfig';
import { LaunchError } from '../LaunchError';
import { isTrustedUrl } from '../origins';
import type { StartContext } from './LaunchStyle';

/** The tab's sessionStorage key holding the issuer of a started L4 sign-in, read back on its callback. */
export const ISSUER_KEY = 'kheops.issuer';

/**
 * L4 and its callback: the issuer's discovery document and the OIDC client for it. An issuer from openIdProviders
 * brings its own client id, scope and DICOMweb endpoint; KHEOPS itself uses the third-party client id.
 */
export async function openIdSignIn(
  issuer: string,
  ctx: StartContext,
): Promise<{ server: ServerConfig; oidc: OidcLaunch }> {
  const provider = openIdProvider(ctx, issuer);
  const server = await loadOpenIdConfig(
    issuer,
    ctx.trust.trustedOrigins,
    undefined,
    provider?.dicomwebEndpoint,
  );
  const oidc = new OidcLaunch({
    clientId: provider?.clientId ?? thirdPartyClient(ctx),
    redirectUri: ctx.redirectUri,
    scope: provider?.scope ?? ctx.settings.scope,
    config: server,
    stateStorage: ctx.win.sessionStorage,
  });
  return { server, oidc };
}

const bare = (u: string) => u.replace(/\/+$/, '');

/**
 * The configured openIdProviders entry for an issuer other than KHEOPS (trailing slashes aside), if any. Every entry
 * must name its issuer to be matched; the matching one must be complete, or it is a configuration fault.
 */
function openIdProvider(ctx: StartContext, issuer: string): OpenIdProviderConfig | undefined {
  const entries = ctx.settings.openIdProviders as readonly unknown[];
  const i = entries.findIndex((p, i) => bare(field(p, i, 'issuer')) === bare(issuer));
  if (i < 0) return undefined;
  const p = entries[i] as OpenIdProviderConfig;
  field(p, i, 'clientId');
  if (!isTrustedUrl(field(p, i, 'dicomwebEndpoint'), ctx.trust.trustedOrigins))
    throw misconfigured(i, 'names a dicomwebEndpoint outside trustedOrigins (or not https)');
  if (p.scope !== undefined && (typeof p.scope !== 'string' || p.scope === ''))
    throw misconfigured(i, 'has a scope that is not a non-empty string');
  return p;
}

function field(p: unknown, i: number, key: 'issuer' | 'clientId' | 'dicomwebEndpoint'): string {
  if (typeof p !== 'object' || p === null) throw misconfigured(i, 'is not an object');
  const v = (p as Record<string, unknown>)[key];
  if (typeof v !== 'string' || v === '') throw misconfigured(i, `has no ${key}`);
  return v;
}

const misconfigured = (i: number, what: string) =>
  new LaunchError('misconfigured', `The viewer's configuration.openIdProviders[${i}] ${what}.`);

function thirdPartyClient({ settings }: StartContext): string {
  const ids = settings.clientIds;
  const id = ids && !Array.isArray(ids) ? ids.thirdParty : settings.clientIdList()[0];
  if (!id)
    throw new LaunchError(
      'misconfigured',
      'This viewer has no client id for KHEOPS sign-in (configuration.clientIds); ask the administrator to register it.',
    );
  return id;
}
