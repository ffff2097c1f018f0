import { MASK, Secrets, maskPatterns } from './mask';

describe('token masking', () => {
  it('masks registered secrets, URL-encoded ones too', () => {
    const s = new Secrets();
    s.add('abc+def/ghi=');
    expect(s.mask('x abc+def/ghi= y abc%2Bdef%2Fghi%3D z')).toBe(`x ${MASK} y ${MASK} z`);
  });

  it('masks link-form paths, secret parameters, credentials and JWT-shaped strings', () => {
    expect(maskPatterns('GET /api/link/opaque123/ohifservermetadata')).toBe(
      `GET /api/link/${MASK}/ohifservermetadata`,
    );
    expect(maskPatterns('/kheops?code=c0de&state=s&login_hint=h1')).toBe(
      `/kheops?code=${MASK}&state=s&login_hint=${MASK}`,
    );
    expect(maskPatterns('grant_type=refresh_token&refresh_token=r3fresh')).toBe(
      `grant_type=refresh_token&refresh_token=${MASK}`,
    );
    expect(maskPatterns('Authorization: Bearer a.b-c_d0123456789')).toBe(`Authorization: Bearer ${MASK}`);
    expect(maskPatterns('Authorization: Basic dG9rZW46eA==')).toBe(`Authorization: Basic ${MASK}`);
    expect(maskPatterns('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig here')).toBe(`token ${MASK} here`);
  });

  it('leaves ordinary text and UIDs alone', () => {
    const t = 'GET /api/studies/1.2.3/series?includefield=0008103E | 200 application/dicom+json';
    expect(maskPatterns(t)).toBe(t);
    expect(maskPatterns(`Bearer ${MASK}`)).toBe(`Bearer ${MASK}`);
    expect(maskPatterns('a bearer token, bearer on the endpoint')).toBe(
      'a bearer token, bearer on the endpoint',
    );
  });

  it('ignores secrets too short to mask safely', () => {
    const s = new Secrets();
    s.add('ab');
    s.add(undefined);
    expect(s.mask('a b ab')).toBe('a b ab');
  });
});
