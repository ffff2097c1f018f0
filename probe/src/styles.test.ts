import { detectStyles, isOhifProfile, type Findings, type ViewerConfigFinding } from './styles';

const implicit: ViewerConfigFinding = {
  url: 'https://viewer.example/.well-known/kheops-report-configuration-implicit',
  served: true,
  responseType: 'token',
  initiateLoginUri: false,
  problemToday: null,
  problemProfile: null,
};
const code: ViewerConfigFinding = {
  url: 'https://viewer.example/.well-known/kheops-report-configuration',
  served: true,
  responseType: 'code',
  tokenEndpointAuthMethod: 'none',
  initiateLoginUri: false,
  problemToday: 'needs the OHIF profile',
  problemProfile: null,
};
const tpl: ViewerConfigFinding = { ...code, url: `${code.url}-tpl`, initiateLoginUri: true };

const today: Findings = {
  dicomweb: true,
  cors: true,
  tokenExchange: true,
  linkMetadata: true,
  discovery: true,
  responseTypes: ['code', 'token'],
  authMethods: ['private_key_jwt'],
  grantTypes: ['authorization_code', 'implicit'],
  refreshAnswer: 'unsupported_grant_type',
  viewerConfigs: [implicit],
};
const profile: Findings = {
  ...today,
  authMethods: ['private_key_jwt', 'none'],
  grantTypes: ['authorization_code', 'implicit', 'refresh_token'],
  openid: true,
  authorize: true,
  refreshAnswer: 'invalid_grant',
  viewerConfigs: [implicit, code, tpl],
};

const verdicts = (f: Findings) => Object.fromEntries(detectStyles(f).map((v) => [v.style, v.supported]));
const why = (f: Findings, style: string) => detectStyles(f).find((v) => v.style === style)!.why;

describe('detectStyles', () => {
  it('KHEOPS today: L1 and L2, not L3 (no public clients) nor L4 (no OpenID discovery)', () => {
    expect(isOhifProfile(today)).toBe(false);
    expect(verdicts(today)).toEqual({ L1: true, L2: true, L3: false, L4: false });
    expect(why(today, 'L3')).toMatch(/private_key_jwt/);
    expect(why(today, 'L4')).toMatch(/openid-configuration/);
    expect(why(today, 'L1')).toMatch(/sharing links \(read-only there\)/);
  });

  it('the OHIF profile: all four', () => {
    expect(isOhifProfile(profile)).toBe(true);
    expect(verdicts(profile)).toEqual({ L1: true, L2: true, L3: true, L4: true });
  });

  it('a failing CORS preflight or DICOMweb takes every style down, naming why', () => {
    expect(verdicts({ ...profile, cors: false })).toEqual({ L1: false, L2: false, L3: false, L4: false });
    expect(why({ ...profile, cors: false }, 'L2')).toMatch(/CORS/);
    expect(why({ ...today, dicomweb: false }, 'L1')).toMatch(/DICOMweb/);
  });

  it('L1 needs the token exchange and link roots under the endpoint; L2 the discovery document', () => {
    expect(verdicts({ ...today, tokenExchange: false })).toMatchObject({ L1: false, L2: true });
    expect(why({ ...today, linkMetadata: false }, 'L1')).toMatch(/link URL/);
    expect(verdicts({ ...today, discovery: false })).toMatchObject({ L1: true, L2: false });
  });

  it('judges the viewer configurations given: L2 needs an acceptable implicit one, L3/L4 public code ones', () => {
    const noImplicit = { ...today, viewerConfigs: [code] };
    expect(verdicts(noImplicit)).toMatchObject({ L2: false });
    expect(why(noImplicit, 'L2')).toMatch(/none of the --viewer-config documents/);
    const unreachable = { ...today, viewerConfigs: [{ ...implicit, served: false }] };
    expect(verdicts(unreachable)).toMatchObject({ L2: false });
    expect(verdicts({ ...profile, viewerConfigs: [implicit, code] })).toMatchObject({ L3: true, L4: false });
    const refused = { ...profile, viewerConfigs: [{ ...code, problemProfile: 'redirect_uri is not on …' }] };
    expect(why(refused, 'L3')).toMatch(/KHEOPS refuses the viewer's public code/);
  });

  it('without --viewer-config it judges the server alone and says so', () => {
    const f = { ...profile, viewerConfigs: [] };
    expect(verdicts(f)).toEqual({ L1: true, L2: true, L3: true, L4: true });
    expect(why(f, 'L2')).toMatch(/not checked \(no --viewer-config\)/);
  });

  it('L4 needs a correct authorize endpoint and refresh; the save outcome is reported with L1', () => {
    expect(verdicts({ ...profile, authorize: false })).toMatchObject({ L3: true, L4: false });
    expect(verdicts({ ...profile, refreshAnswer: 'unsupported_grant_type' })).toMatchObject({
      L3: false,
      L4: false,
    });
    expect(why({ ...today, write: true }, 'L1')).toMatch(/saves work/);
    expect(why({ ...today, write: false }, 'L1')).toMatch(/saves FAIL/);
  });
});
