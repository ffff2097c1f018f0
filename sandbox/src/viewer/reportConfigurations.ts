// The report-provider configuration documents a KHEOPS album admin registers for this viewer
// (reference/kheops-api.md §1.1; `token_endpoint_auth_method: none` and `initiate_login_uri` are OHIF-profile additions).

const SUPPORTED_MODALITIES = [
  'CT',
  'MR',
  'PT',
  'NM',
  'US',
  'CR',
  'DX',
  'MG',
  'XA',
  'RF',
  'OT',
  'SC',
  'SR',
  'SEG',
  'RTSTRUCT',
  'KO',
  'PR',
  'DOC',
];

export const REPORT_CONFIGURATION_PATHS = {
  code: '/.well-known/kheops-report-configuration',
  implicit: '/.well-known/kheops-report-configuration-implicit',
  thirdParty: '/.well-known/kheops-report-configuration-tpl',
} as const;

function common(viewer: string) {
  return {
    client_name: 'OHIF viewer (KHEOPS extension)',
    client_uri: viewer,
    redirect_uri: `${viewer}/kheops`,
    scope: 'read write',
    supported_modalities: SUPPORTED_MODALITIES,
  };
}

/** L3: authorization code, public client with refresh. */
export function codeReportConfiguration(viewer: string): Record<string, unknown> {
  return {
    ...common(viewer),
    response_type: 'code',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
  };
}

/** L2: implicit. */
export function implicitReportConfiguration(viewer: string): Record<string, unknown> {
  return { ...common(viewer), response_type: 'token' };
}

/** L4: the code configuration plus OIDC third-party-initiated login. */
export function thirdPartyReportConfiguration(viewer: string): Record<string, unknown> {
  return { ...codeReportConfiguration(viewer), initiate_login_uri: `${viewer}/kheops` };
}
