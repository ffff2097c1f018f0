import { configProblem, isJsonContentType } from './viewerConfig';

const CONF = 'https://viewer.example/.well-known/kheops-report-configuration';
const base = { redirect_uri: 'https://viewer.example/kheops', scope: 'read write' };

describe('configProblem (KHEOPS validateForConfigUri)', () => {
  it('accepts an implicit configuration both today and under the profile', () => {
    const doc = { ...base, response_type: 'token' };
    expect(configProblem(CONF, doc, 'today')).toBeNull();
    expect(configProblem(CONF, doc, 'profile')).toBeNull();
  });

  it('refuses a public code client today (so L3 is impossible for a browser-only viewer) but not under the profile', () => {
    const doc = { ...base, response_type: 'code', token_endpoint_auth_method: 'none' };
    expect(configProblem(CONF, doc, 'today')).toMatch(/needs the OHIF profile/);
    expect(configProblem(CONF, doc, 'profile')).toBeNull();
  });

  it('wants jwks_uri on the same root and RS256 for private_key_jwt', () => {
    const doc = { ...base, response_type: 'code', token_endpoint_auth_method: 'private_key_jwt' };
    expect(configProblem(CONF, doc, 'today')).toMatch(/jwks_uri/);
    const jwks = { ...doc, jwks_uri: 'https://other.example/jwks', token_endpoint_auth_signing_alg: 'RS256' };
    expect(configProblem(CONF, jwks, 'today')).toMatch(/jwks_uri is not on/);
    const ok = { ...jwks, jwks_uri: 'https://viewer.example/jwks' };
    expect(configProblem(CONF, ok, 'today')).toBeNull();
    expect(configProblem(CONF, { ...ok, token_endpoint_auth_signing_alg: 'HS256' }, 'today')).toMatch(
      /RS256/,
    );
  });

  it('wants redirect_uri on the scheme and authority of the configuration URL', () => {
    const doc = { response_type: 'token', redirect_uri: 'http://viewer.example/kheops' };
    expect(configProblem(CONF, doc, 'today')).toMatch(/redirect_uri is not on/);
    expect(configProblem(CONF, { response_type: 'token' }, 'today')).toMatch(/redirect_uri is missing/);
    expect(configProblem(CONF, { ...base, response_type: 'id_token' }, 'today')).toMatch(/response_type/);
  });

  it('checks initiate_login_uri under the profile only', () => {
    const doc = {
      ...base,
      response_type: 'code',
      token_endpoint_auth_method: 'none',
      initiate_login_uri: 'https://elsewhere.example/kheops',
    };
    expect(configProblem(CONF, doc, 'profile')).toMatch(/initiate_login_uri/);
    expect(
      configProblem(CONF, { ...doc, initiate_login_uri: 'https://viewer.example/kheops' }, 'profile'),
    ).toBeNull();
  });
});

describe('isJsonContentType (MOXy)', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['application/problem+json', true],
    ['text/plain', false],
    ['text/html; charset=utf-8', false],
    [null, false],
  ])('%s → %s', (ct, ok) => expect(isJsonContentType(ct)).toBe(ok));
});
