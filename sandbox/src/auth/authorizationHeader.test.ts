import { readAuthorization } from './authorizationHeader';

const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

test('Bearer in any case takes the rest of the header as it is', () => {
  expect(readAuthorization('Bearer abc')).toEqual({ ok: true, via: 'bearer', token: 'abc' });
  expect(readAuthorization('bEaReR abc')).toEqual({ ok: true, via: 'bearer', token: 'abc' });
  // Java reads `Bearer  t` as the token " t": the sandbox must not read it more kindly.
  expect(readAuthorization('Bearer  t')).toEqual({ ok: true, via: 'bearer', token: ' t' });
  expect(readAuthorization('Bearer ')).toEqual({ ok: false, via: 'bearer', error: 'malformed' });
});

test('Basic takes the second of exactly two colon-separated parts (String.split drops trailing empties)', () => {
  expect(readAuthorization(basic('dicomwebproxy:secret'))).toEqual({
    ok: true,
    via: 'basic',
    token: 'secret',
    user: 'dicomwebproxy',
  });
  expect(readAuthorization(basic('a:b:'))).toMatchObject({ ok: true, token: 'b' });
  expect(readAuthorization(basic('a:b:c'))).toMatchObject({ ok: false, error: 'malformed' });
  expect(readAuthorization(basic('x:'))).toMatchObject({ ok: false, error: 'malformed' });
  expect(readAuthorization(basic('nocolon'))).toMatchObject({ ok: false, error: 'malformed' });
  expect(readAuthorization('Basic not base64!')).toEqual({ ok: false, via: 'basic', error: 'base64' });
});

test('no header, another scheme, and the link form', () => {
  expect(readAuthorization(undefined)).toEqual({ ok: false, via: 'none', error: 'missing' });
  expect(readAuthorization('Token abc')).toEqual({ ok: false, via: 'none', error: 'malformed' });
  expect(readAuthorization('Basic ignored', 'linktok')).toEqual({ ok: true, via: 'link', token: 'linktok' });
});
