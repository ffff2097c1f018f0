import type { LaunchError } from '../launch/LaunchError';
import { fetchJson, loadOpenIdConfig, loadReportProviderConfig } from './ServerConfig';

const KHEOPS = 'https://kheops.example';
const API = `${KHEOPS}/api`;
const TRUSTED = [KHEOPS, 'http://127.0.0.1:8080'];
const CONF = `${API}/.well-known/report-provider-configuration`;

const report = {
  issuer: API,
  dicomweb_endpoint: API,
  token_endpoint: `${API}/token`,
  revocation_endpoint: `${API}/revoke`,
  userinfo_endpoint: `${API}/userinfo`,
  authorization_response_iss_parameter_supported: true,
};
const openid = {
  issuer: API,
  dicomweb_endpoint: API,
  token_endpoint: `${API}/token`,
  authorization_endpoint: `${API}/authorize`,
};

let inits: RequestInit[];
/** The network answering every request with `body` (a document, or raw text) as `type`. */
function serve(body: unknown, { status = 200, type = 'application/json; charset=utf-8' } = {}) {
  inits = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
    inits.push(init ?? {});
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: type ? { 'Content-Type': type } : {},
    });
  });
}
afterEach(() => jest.restoreAllMocks());

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: LaunchError) => e.code,
  );

describe('fetchJson', () => {
  it('asks without cookies, Referer or redirects', async () => {
    serve(report);
    await fetchJson(CONF);
    expect(inits[0]).toMatchObject({ credentials: 'omit', redirect: 'error', referrerPolicy: 'no-referrer' });
  });

  it('a network failure or refused redirect is kheops_unreachable', async () => {
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(codeOf(loadReportProviderConfig(CONF, TRUSTED))).resolves.toBe('kheops_unreachable');
  });
});

describe('loadReportProviderConfig (L2, L3)', () => {
  it('reads every endpoint, each on a trusted origin, trailing slash dropped', async () => {
    serve({ ...report, dicomweb_endpoint: `${API}/` });
    await expect(loadReportProviderConfig(CONF, TRUSTED)).resolves.toEqual({
      issuer: API,
      dicomwebEndpoint: API,
      tokenEndpoint: `${API}/token`,
      revocationEndpoint: `${API}/revoke`,
      userinfoEndpoint: `${API}/userinfo`,
      issParameterSupported: true,
    });
  });

  it('optional endpoints may be absent; iss support is only a literal true', async () => {
    serve({
      issuer: API,
      dicomweb_endpoint: API,
      authorization_response_iss_parameter_supported: 'true',
    });
    await expect(loadReportProviderConfig(CONF, TRUSTED)).resolves.toEqual({
      issuer: API,
      dicomwebEndpoint: API,
      tokenEndpoint: undefined,
      revocationEndpoint: undefined,
      userinfoEndpoint: undefined,
      issParameterSupported: false,
    });
  });

  it.each([
    [
      'dicomweb_endpoint on a foreign origin',
      { dicomweb_endpoint: 'https://evil.example/api' },
      'untrusted_origin',
    ],
    [
      'token_endpoint on a look-alike origin',
      { token_endpoint: 'https://kheops.example.evil.example/token' },
      'untrusted_origin',
    ],
    [
      'userinfo_endpoint over http',
      { userinfo_endpoint: 'http://kheops.example/api/userinfo' },
      'insecure_origin',
    ],
    [
      'an endpoint with credentials',
      { token_endpoint: 'https://u:p@kheops.example/api/token' },
      'malformed_url',
    ],
    ['no issuer', { issuer: undefined }, 'bad_server_config'],
    ['no dicomweb_endpoint', { dicomweb_endpoint: null }, 'bad_server_config'],
    [
      'an endpoint that is not a string',
      { token_endpoint: ['https://kheops.example/api/token'] },
      'bad_server_config',
    ],
  ])('refuses a document with %s', async (_n, change, code) => {
    serve({ ...report, ...change });
    await expect(codeOf(loadReportProviderConfig(CONF, TRUSTED))).resolves.toBe(code);
  });

  it.each([
    ['bad JSON', '{"issuer":', {}],
    ['JSON that is not an object', '"https://kheops.example/api"', {}],
    ['null', 'null', {}],
    ['an HTML page served as text/html', JSON.stringify(report), { type: 'text/html' }],
    ['no content type', JSON.stringify(report), { type: '' }],
    ['an error status', JSON.stringify(report), { status: 404 }],
  ])('refuses %s as bad_server_config', async (_n, body, answer) => {
    serve(body, answer);
    await expect(codeOf(loadReportProviderConfig(CONF, TRUSTED))).resolves.toBe('bad_server_config');
  });

  it('accepts a +json media type', async () => {
    serve(report, { type: 'application/jrd+json' });
    await expect(codeOf(loadReportProviderConfig(CONF, TRUSTED))).resolves.toBe('ok');
  });
});

describe('loadOpenIdConfig (L4)', () => {
  it('reads discovery at the issuer and requires the authorization and token endpoints', async () => {
    serve(openid);
    await expect(loadOpenIdConfig(API, TRUSTED)).resolves.toMatchObject({
      issuer: API,
      dicomwebEndpoint: API,
      authorizationEndpoint: `${API}/authorize`,
      tokenEndpoint: `${API}/token`,
      issParameterSupported: false,
    });
    expect((globalThis.fetch as jest.Mock).mock.calls[0]![0]).toBe(`${API}/.well-known/openid-configuration`);
  });

  it.each([
    ['another issuer (mix-up)', { issuer: 'https://evil.example/api' }, 'issuer_mismatch'],
    ['the issuer with a trailing slash', { issuer: `${API}/` }, 'issuer_mismatch'],
    ['no token_endpoint', { token_endpoint: undefined }, 'bad_server_config'],
    ['no authorization_endpoint', { authorization_endpoint: undefined }, 'bad_server_config'],
    [
      'an authorization_endpoint on a foreign origin',
      { authorization_endpoint: 'https://evil.example/auth' },
      'untrusted_origin',
    ],
    [
      'a dicomweb_endpoint on a foreign origin',
      { dicomweb_endpoint: 'https://evil.example/api' },
      'untrusted_origin',
    ],
    [
      'no dicomweb_endpoint (a provider other than KHEOPS)',
      { dicomweb_endpoint: undefined },
      'bad_server_config',
    ],
  ])('refuses %s', async (_n, change, code) => {
    serve({ ...openid, ...change });
    await expect(codeOf(loadOpenIdConfig(API, TRUSTED))).resolves.toBe(code);
  });

  it('a configured DICOMweb endpoint stands in for the field, and must be trusted too', async () => {
    const { dicomweb_endpoint: _none, ...provider } = openid;
    serve(provider);
    await expect(loadOpenIdConfig(API, TRUSTED, fetchJson, `${KHEOPS}/other/api/`)).resolves.toMatchObject({
      dicomwebEndpoint: `${KHEOPS}/other/api`,
    });
    serve(openid);
    await expect(codeOf(loadOpenIdConfig(API, TRUSTED, fetchJson, 'https://evil.example/api'))).resolves.toBe(
      'untrusted_origin',
    );
  });
});
