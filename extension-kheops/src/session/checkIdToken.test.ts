import { LaunchError } from '../launch/LaunchError';
import { checkIdToken } from './checkIdToken';

const NOW = Date.UTC(2026, 10, 27, 12) / 1000;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: object) => `${b64({ alg: 'RS256' })}.${b64(claims)}.sig`;
const good = {
  iss: 'https://kheops.example/api',
  aud: 'client1',
  sub: 'u',
  exp: NOW + 300,
  iat: NOW,
  nonce: 'n',
};
const expected = { issuer: 'https://kheops.example/api', clientId: 'client1', nowMs: NOW * 1000 };

function refused(claims: object | string): string {
  try {
    checkIdToken(typeof claims === 'string' ? claims : jwt(claims), expected);
  } catch (err) {
    expect(err).toBeInstanceOf(LaunchError);
    return (err as LaunchError).code;
  }
  throw new Error('accepted');
}

describe('checkIdToken', () => {
  it('accepts a token for this client from the expected issuer', () => {
    expect(() => checkIdToken(jwt(good), expected)).not.toThrow();
    expect(() =>
      checkIdToken(jwt({ ...good, aud: ['client1', 'x'], azp: 'client1' }), expected),
    ).not.toThrow();
  });
  it.each([
    ['another issuer (mix-up)', { ...good, iss: 'https://evil.example' }, 'issuer_mismatch'],
    ['another audience', { ...good, aud: 'client2' }, 'bad_token_response'],
    ['several audiences without azp', { ...good, aud: ['client1', 'x'] }, 'bad_token_response'],
    ['expired', { ...good, exp: NOW - 120 }, 'bad_token_response'],
    ['issued in the future', { ...good, iat: NOW + 600 }, 'bad_token_response'],
    ['no exp', { ...good, exp: undefined }, 'bad_token_response'],
  ])('refuses a token from %s', (_n, claims, code) => {
    expect(refused(claims)).toBe(code);
  });
  it('refuses garbage', () => {
    expect(refused('not-a-jwt')).toBe('bad_token_response');
    expect(refused('a.%%%.c')).toBe('bad_token_response');
  });
});
