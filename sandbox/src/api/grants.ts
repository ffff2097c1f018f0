import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import type { TokenService } from '../auth/TokenService';
import type { RefreshGrant } from '../auth/RefreshTokens';
import { isPublicClient } from '../auth/ClientMetadata';
import { isValidUid } from '../auth/ids';
import { providerClient, type Client } from './clientAuthentication';
import { OAuthError, single, values } from './http';

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

function requireSingle(form: unknown, name: string): string {
  const v = single(form, name);
  if (v === undefined) throw new OAuthError('invalid_request', `Must have a single ${name}`);
  return v;
}

/** AS/accesstoken/AccessTokenUtils.java: scope words matched on word boundaries. */
function words(scope: string): string[] {
  return scope.split(' ').filter(Boolean);
}

/** RFC 7636 §4.6 with S256 only. */
function pkceMatches(verifier: string, challenge: string): boolean {
  return createHash('sha256').update(verifier).digest('base64url') === challenge;
}

/** Code and refresh grants answer the same shape; PROFILE ohif item 5 adds refresh_token, scope, context. */
async function providerTokenResponse(
  ctx: SandboxContext,
  tokens: TokenService,
  grant: RefreshGrant,
  opts: { familyId?: string; codeId?: string; nonce?: string; idToken: boolean },
): Promise<Record<string, unknown>> {
  const issued = await tokens.issueForGrant(grant, opts.familyId);
  if (opts.codeId) tokens.recordCodeOutput(opts.codeId, issued.jti, issued.familyId);
  // AS/token/TokenResponseEntity.java: today only these three fields, token_type lower-case.
  if (ctx.options.profile !== 'ohif')
    return { access_token: issued.accessToken, token_type: 'bearer', expires_in: issued.expiresIn };
  const body: Record<string, unknown> = {
    access_token: issued.accessToken,
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    refresh_token: issued.refreshToken,
    scope: grant.scope,
  };
  if (opts.idToken && words(grant.scope).includes('openid'))
    body.id_token = await tokens.issueIdToken(grant.sub, grant.clientId, opts.nonce);
  body.study_uids = grant.studyUIDs;
  if (grant.seriesUID) body.series_uid = grant.seriesUID;
  return body;
}

/** Who may use a code or refresh token of this client_id: its private_key_jwt identity or, PROFILE ohif, a public client. */
async function requireProviderClient(
  ctx: SandboxContext,
  tokens: TokenService,
  client: Client,
  clientId: string,
): Promise<{ albumId: string; redirectUri: string }> {
  if (client.kind === 'report_provider_client') {
    if (client.clientId !== clientId)
      throw new OAuthError('invalid_client', 'client_id does not match the client assertion');
    return { albumId: tokens.providers.get(clientId)!.albumId, redirectUri: client.metadata.redirect_uri! };
  }
  if (client.kind === 'public_client' && ctx.options.profile === 'ohif') {
    const provider = await providerClient(ctx, tokens, clientId);
    if (isPublicClient(provider.metadata, ctx.options.profile))
      return { albumId: provider.albumId, redirectUri: provider.metadata.redirect_uri! };
  }
  throw new OAuthError('unauthorized_client', 'The client is not a report provider client');
}

/** AS/token/TokenGrantType.java AUTHORIZATION_CODE + AS/token/AuthorizationCodeValidator.java. */
export async function authorizationCodeGrant(
  req: FastifyRequest,
  ctx: SandboxContext,
  tokens: TokenService,
  client: Client,
): Promise<Record<string, unknown>> {
  const profile = ctx.options.profile === 'ohif';
  const form = req.body;
  const code = requireSingle(form, 'code');
  const clientId = requireSingle(form, 'client_id');
  const redirectUri = requireSingle(form, 'redirect_uri');
  const registered = await requireProviderClient(ctx, tokens, client, clientId);
  if (redirectUri !== registered.redirectUri)
    throw new OAuthError('invalid_grant', 'redirect_uri does not match');

  const redemption = await tokens.codes.redeem(code, clientId);
  if (!redemption.ok && redemption.reason === 'replayed') {
    tokens.revokeCodeOutput(redemption.codeId); // PROFILE ohif item 2
    throw new OAuthError(
      'invalid_grant',
      'The authorization code was already used; the tokens issued from it are revoked',
    );
  }
  if (!redemption.ok)
    throw new OAuthError(
      profile ? 'invalid_grant' : 'invalid_request',
      'Unable to validate the authorization code',
    );
  const { grant, codeId } = redemption;
  if (grant.redirectUri !== undefined && grant.redirectUri !== redirectUri)
    throw new OAuthError('invalid_grant', 'redirect_uri does not match the one the code was sent to');

  // PROFILE ohif: PKCE (RFC 7636) for codes from /api/authorize; a verifier without a challenge is a downgrade (RFC 9700 §4.8.2).
  const verifiers = values(form, 'code_verifier');
  if (grant.codeChallenge !== undefined) {
    if (verifiers.length !== 1) throw new OAuthError('invalid_grant', 'code_verifier is required');
    if (!pkceMatches(verifiers[0]!, grant.codeChallenge))
      throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
  } else if (profile && verifiers.length > 0) {
    throw new OAuthError('invalid_grant', 'code_verifier sent but no code_challenge was');
  }

  // Code flow scope is fixed at "read write" (reference §1.3.6); /api/authorize codes carry their granted scope.
  const scope = grant.scope ?? 'read write';
  const refreshGrant: RefreshGrant = {
    sub: grant.sub,
    clientId,
    albumId: registered.albumId,
    studyUIDs: grant.studyUIDs,
    seriesUID: grant.seriesUID,
    scope,
  };
  return providerTokenResponse(ctx, tokens, refreshGrant, { codeId, nonce: grant.nonce, idToken: true });
}

/** PROFILE ohif item 6; KHEOPS today answers unsupported_grant_type (AS/token/TokenGrantType.java REFRESH_TOKEN). */
export async function refreshTokenGrant(
  req: FastifyRequest,
  ctx: SandboxContext,
  tokens: TokenService,
  client: Client,
): Promise<Record<string, unknown>> {
  const form = req.body;
  const refreshToken = requireSingle(form, 'refresh_token');
  const clientId = requireSingle(form, 'client_id');
  await requireProviderClient(ctx, tokens, client, clientId);
  const rotation = tokens.refresh.rotate(refreshToken, clientId);
  if (!rotation.ok) {
    if (rotation.revokedAccessJtis) tokens.revokeJtis(rotation.revokedAccessJtis);
    const why = {
      unknown: 'unknown refresh_token',
      revoked: 'the refresh_token was revoked',
      expired: 'the refresh_token expired',
      wrong_client: 'the refresh_token was issued to another client',
      reused: 'refresh_token re-used: the whole family is revoked',
    }[rotation.reason];
    throw new OAuthError('invalid_grant', why);
  }
  const requested = single(form, 'scope');
  if (requested !== undefined && !words(requested).every((w) => words(rotation.grant.scope).includes(w))) {
    throw new OAuthError('invalid_scope', 'A refresh may not widen the scope');
  }
  const body = await providerTokenResponse(ctx, tokens, rotation.grant, {
    familyId: rotation.familyId,
    idToken: false,
  });
  return { ...body, refresh_token: rotation.refreshToken };
}

/** AS/token/TokenGrantType.java TOKEN_EXCHANGE: viewer tokens (any client) and pep tokens (internal clients). */
export async function tokenExchangeGrant(
  req: FastifyRequest,
  ctx: SandboxContext,
  tokens: TokenService,
  client: Client,
): Promise<Record<string, unknown>> {
  const form = req.body;
  const scope = requireSingle(form, 'scope');
  const subjectToken = requireSingle(form, 'subject_token');
  const subjectTokenType = requireSingle(form, 'subject_token_type');
  const studyUID = requireSingle(form, 'studyUID');
  if (!isValidUid(studyUID)) throw new OAuthError('invalid_request', 'Bad study instance UID');
  if (subjectTokenType !== ACCESS_TOKEN_TYPE)
    throw new OAuthError(
      'invalid_request',
      'subject_token_type must be urn:ietf:params:oauth:token-type:access_token',
    );
  if (!/^[\x20\x21\x23-\x5B\x5D-\x7E]+$/.test(scope)) throw new OAuthError('invalid_scope', 'Bad scope');
  const check = await tokens.verifyAccessToken(subjectToken);
  if (!check.ok) throw new OAuthError('invalid_request', 'Bad subject_token');
  const subject = check.principal;
  const asked = words(scope);

  if (asked.includes('pep')) {
    const seriesUID = requireSingle(form, 'seriesUID');
    if (!isValidUid(seriesUID)) throw new OAuthError('invalid_request', 'Bad series instance UID');
    if (client.kind !== 'internal_client')
      throw new OAuthError('unauthorized_client', 'pep tokens are for internal clients');
    // AS/token/PepAccessTokenGenerator.java: hasSeriesViewAccess on this very series (albums hold series).
    if (!ctx.albums.canReadSeries(subject, studyUID, seriesUID))
      throw new OAuthError('invalid_grant', 'The subject has no access to the series');
    const pep = await tokens.issuePepToken(subject.sub, studyUID, seriesUID);
    return { access_token: pep.token, token_type: 'bearer', expires_in: pep.expiresIn };
  }
  if (!asked.includes('viewer'))
    throw new OAuthError('invalid_scope', "The scope must contain 'viewer' or 'pep'");

  const sourceTypes = values(form, 'source_type');
  const sourceType = sourceTypes.length === 0 ? undefined : single(form, 'source_type');
  if (sourceTypes.length > 0 && sourceType !== 'album' && sourceType !== 'inbox')
    throw new OAuthError('invalid_request', "source_type must be 'album' or 'inbox'");
  const sourceId = single(form, 'source_id');
  if (sourceType === 'album' && !sourceId)
    throw new OAuthError('invalid_request', 'source_id is required when source_type is album');
  if (sourceType !== 'album' && values(form, 'source_id').length > 0)
    throw new OAuthError('invalid_request', 'source_id is only allowed when source_type is album');
  if (subject.kind === 'viewer')
    throw new OAuthError('invalid_grant', 'Request a viewer token is unauthorized with a viewer token');

  // TokenGrantType.java TOKEN_EXCHANGE copies read/write from the asked scope without comparing them to the
  // subject's: a read-only sharing link asking `viewer read write` gets a `read write` viewer token, whose writes
  // still fail because ViewerPrincipal.hasSeriesAddAccess asks the capability too (AlbumCapabilityPrincipal).
  const viewerScope = asked.filter((w) => w === 'read' || w === 'write').join(' ');
  const viewer = await tokens.issueViewerToken({
    subjectToken,
    subject,
    studyUID,
    scope: viewerScope,
    sourceId: sourceType === 'album' ? sourceId : undefined,
    isInbox: sourceType === 'inbox',
  });
  return { access_token: viewer.token, token_type: 'bearer', expires_in: viewer.expiresIn };
}
