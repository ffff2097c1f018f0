// The checks: every DICOMweb request goes through the extension's own request guard, discovery through its own
// ServerConfig readers, the launch check through checkStudiesGranted and the save through stowOverFetch, so what
// the probe sends is what the viewer will send.
import { createHash, randomBytes } from 'node:crypto';
import { EndpointPolicy } from '../../extension-kheops/src/dataSource/EndpointPolicy';
import { KHEOPS_DEFAULTS } from '../../extension-kheops/src/dataSource/kheopsDefaults';
import { installRequestGuard, type TokenProvider } from '../../extension-kheops/src/dataSource/RequestGuard';
import { checkStudiesGranted } from '../../extension-kheops/src/launch/checkStudiesGranted';
import {
  checkWritePermission,
  type WritePermission,
} from '../../extension-kheops/src/launch/checkWritePermission';
import { stowOverFetch } from '../../extension-kheops/src/saveSafety/stowOverFetch';
import {
  fetchJson,
  loadOpenIdConfig,
  loadReportProviderConfig,
  type ServerConfig,
} from '../../extension-kheops/src/session/ServerConfig';
import { Session } from '../../extension-kheops/src/session/Session';
import { Secrets } from './mask';
import { ohifAcceptHeader } from './ohifAccept';
import { buildTestSr } from './sr';
import {
  detectStyles,
  isOhifProfile,
  type Findings,
  type StyleVerdict,
  type ViewerConfigFinding,
} from './styles';
import type { Outcome, StepRow } from './table';
import { configProblem, isJsonContentType } from './viewerConfig';

export interface ProbeOptions {
  /** The KHEOPS base URL ({root}; a trailing /api is accepted). */
  kheops: string;
  /** A user token or an album (sharing link) token. */
  token: string;
  study?: string;
  write: boolean;
  viewerOrigin: string;
  viewerConfigs: string[];
  /** The viewer's code-flow client_id (clientIds.code), for the authorize and refresh checks. */
  clientId?: string;
  timeoutMs?: number;
}

export interface ProbeResult {
  root: string;
  rows: StepRow[];
  styles: StyleVerdict[];
  profile: 'today' | 'ohif';
  failed: string[];
  secrets: Secrets;
}

type DicomJson = Record<string, { vr?: string; Value?: unknown[]; BulkDataURI?: string }>;

const DICOM_JSON = 'application/dicom+json';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
/** HttpURLConnection's Accept: what KHEOPS's Jersey client sends when it reads a configuration document. */
const JDK_ACCEPT = 'text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2';
/** OHIF 3.13's RetrieveMetadataLoaderAsync series QIDO includefield. */
const SERIES_INCLUDE = ['00080021', '00080031', '0008103E', '00200011'].join(',');
const NON_IMAGE = new Set(['SR', 'KO', 'PR', 'SEG', 'RTSTRUCT', 'DOC', 'RTPLAN', 'RWV']);
const KEY_HEADERS = [
  'authorization',
  'accept',
  'content-type',
  'origin',
  'access-control-request-method',
  'access-control-request-headers',
];

interface Sent {
  method: string;
  url: string;
  headers: Headers;
  status?: number;
  responseHeaders?: Headers;
}

class StepFailure extends Error {}

/** The viewer's one authorized request for a viewer token (as an L1 launch holds it: no refresh). */
function viewerRequest(token: string) {
  const session = new Session({ accessToken: token, expiresAt: Date.now() + 3_600_000 }, null);
  return session.request.bind(session);
}

function fail(got: string): never {
  throw new StepFailure(got);
}

const first = (ds: DicomJson | undefined, tag: string): unknown => ds?.[tag]?.Value?.[0];

function describeAuth(v: string): string {
  const scheme = v.split(' ')[0] ?? '';
  return `${scheme} ***`;
}

class Run {
  readonly rows: StepRow[] = [];
  private sent: Sent[] = [];
  private readonly realFetch = globalThis.fetch;

  constructor(
    readonly root: string,
    readonly secrets: Secrets,
    private readonly timeoutMs: number,
  ) {}

  /** Records every request (after the guard), bounded in time; installed as the global fetch during the run. */
  readonly fetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const entry: Sent = { method: (init?.method ?? 'GET').toUpperCase(), url, headers };
    this.sent.push(entry);
    const res = await this.realFetch(input, {
      ...init,
      signal: init?.signal ?? AbortSignal.timeout(this.timeoutMs),
    });
    entry.status = res.status;
    entry.responseHeaders = res.headers;
    return res;
  };

  lastResponse(): Sent | undefined {
    return this.sent[this.sent.length - 1];
  }

  private describeSent(): string {
    return this.sent
      .map((s) => {
        const u = new URL(s.url);
        const where = u.origin === new URL(this.root).origin ? u.pathname + u.search : u.href;
        const hs = KEY_HEADERS.filter((h) => s.headers.has(h)).map((h) => {
          const v = s.headers.get(h)!;
          return `${h}: ${h === 'authorization' ? describeAuth(v) : v}`;
        });
        return [`${s.method} ${where}`, ...hs].join('; ');
      })
      .join(' + ');
  }

  /**
   * One row. `fn` returns what it got; a StepFailure (or any error) is a failure of the step. Optional steps
   * fail as `warn`.
   */
  async step<T>(
    name: string,
    expected: string,
    required: boolean,
    fn: () => Promise<{ got: string; value: T; outcome?: Outcome }>,
  ): Promise<T | undefined> {
    this.sent = [];
    let got: string;
    let outcome: Outcome;
    let value: T | undefined;
    try {
      const r = await fn();
      ({ got, value } = r);
      outcome = r.outcome ?? 'ok';
    } catch (err) {
      const status = this.lastResponse()?.status;
      got =
        err instanceof StepFailure
          ? err.message
          : `${status !== undefined ? `${status}: ` : ''}${(err as Error).message ?? String(err)}`;
      outcome = required ? 'FAIL' : 'warn';
    }
    this.rows.push({
      step: name,
      sent: this.secrets.mask(this.describeSent() || '(nothing)'),
      expected,
      got: this.secrets.mask(got),
      outcome,
    });
    return value;
  }

  skip(name: string, why: string): undefined {
    this.rows.push({ step: name, sent: '(nothing)', expected: '', got: why, outcome: 'skip' });
    return undefined;
  }
}

function responseLine(res: Response, extra = ''): string {
  const ct = res.headers.get('content-type');
  return `${res.status}${ct ? ` ${ct.split(';')[0]}` : ''}${extra ? `; ${extra}` : ''}`;
}

async function oauthError(res: Response): Promise<string | undefined> {
  const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
  return typeof body?.error === 'string' ? body.error : undefined;
}

function listHas(header: string | null, name: string): boolean {
  return (header ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .includes(name.toLowerCase());
}

function originAllowed(res: Response, origin: string): boolean {
  const acao = res.headers.get('access-control-allow-origin');
  return acao === '*' || acao === origin;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

export async function runProbe(options: ProbeOptions): Promise<ProbeResult> {
  const root = options.kheops.replace(/\/+$/, '').replace(/\/api$/, '');
  const api = `${root}/api`;
  const trusted = [new URL(root).origin];
  const viewerOrigin = new URL(options.viewerOrigin).origin;
  const secrets = new Secrets();
  secrets.add(options.token);
  const run = new Run(root, secrets, options.timeoutMs ?? 30_000);
  const savedFetch = globalThis.fetch;
  globalThis.fetch = run.fetch;
  const findings: Findings = {
    dicomweb: false,
    cors: false,
    tokenExchange: false,
    linkMetadata: false,
    discovery: false,
    responseTypes: [],
    authMethods: [],
    grantTypes: [],
    viewerConfigs: [],
  };
  const clientId = options.clientId ?? 'kheops-probe-unregistered';
  try {
    // 1. KHEOPS discovery, as L2/L3 read it from conf_uri.
    let discoveryDoc: Record<string, unknown> = {};
    const server = await run.step<ServerConfig>(
      'KHEOPS discovery',
      `200 JSON; issuer, dicomweb_endpoint ${api} on a trusted origin`,
      true,
      async () => {
        const cfg = await loadReportProviderConfig(
          `${api}/.well-known/report-provider-configuration`,
          trusted,
          async (u) => (discoveryDoc = (await fetchJson(u)) as Record<string, unknown>),
        );
        const res = run.lastResponse()!;
        const ct = res.responseHeaders?.get('content-type')?.split(';')[0];
        if (cfg.dicomwebEndpoint !== api)
          fail(`200; dicomweb_endpoint is ${cfg.dicomwebEndpoint}, but L1 links use ${api}`);
        return {
          got: `200 ${ct ?? ''}; dicomweb_endpoint ${cfg.dicomwebEndpoint}; token_endpoint ${cfg.tokenEndpoint ?? 'none'}`,
          value: cfg,
        };
      },
    );
    findings.discovery = server !== undefined;
    findings.responseTypes = strings(discoveryDoc.response_types_supported);
    findings.authMethods = strings(discoveryDoc.token_endpoint_auth_methods_supported);
    findings.grantTypes = strings(discoveryDoc.grant_types_supported);
    const endpoint = server?.dicomwebEndpoint ?? api;
    const tokenEndpoint = server?.tokenEndpoint ?? `${api}/token`;

    // 2. The OHIF-profile endpoints.
    const openid = await run.step<ServerConfig | null>(
      'OpenID discovery (L4)',
      `404 (KHEOPS today) or 200 JSON with issuer ${api} (OHIF profile)`,
      true,
      async () => {
        try {
          const cfg = await loadOpenIdConfig(api, trusted);
          return {
            got: `200; issuer ${api}; authorization_endpoint ${cfg.authorizationEndpoint}; iss parameter ${cfg.issParameterSupported ? 'promised' : 'not promised'}`,
            value: cfg,
          };
        } catch (err) {
          if (run.lastResponse()?.status === 404) return { got: '404: absent (KHEOPS today)', value: null };
          throw err;
        }
      },
    );
    if (openid !== undefined) findings.openid = openid === null ? undefined : true;
    else findings.openid = false;

    if (openid?.authorizationEndpoint) {
      const authorizeEndpoint = openid.authorizationEndpoint;
      const redirectUri = `${viewerOrigin}/kheops`;
      findings.authorize = await run.step<boolean>(
        'authorize, bad request',
        options.clientId
          ? `302 to ${redirectUri} with error=access_denied and iss (bogus login_hint), never a code`
          : '400 (unknown client_id): no redirect to an unverified redirect_uri',
        true,
        async () => {
          const challenge = createHash('sha256').update(randomBytes(32)).digest('base64url');
          const q = new URLSearchParams({
            response_type: 'code',
            client_id: clientId,
            redirect_uri: redirectUri,
            scope: 'openid read write',
            state: 'kheops-probe',
            nonce: 'kheops-probe',
            code_challenge: challenge,
            code_challenge_method: 'S256',
            login_hint: `probe-${randomBytes(8).toString('hex')}`,
          });
          const res = await fetch(`${authorizeEndpoint}?${q}`, { redirect: 'manual' });
          await res.body?.cancel();
          const location = res.headers.get('location');
          const got = `${res.status}${location ? ` → ${location}` : ''}`;
          if (location) {
            const to = new URL(location, authorizeEndpoint);
            if (to.searchParams.has('code')) fail(`${got}: a code for a bogus login_hint`);
            if (!options.clientId) fail(`${got}: redirects for an unknown client_id`);
            if (`${to.origin}${to.pathname}` !== redirectUri) fail(`${got}: not the registered redirect_uri`);
            if (to.searchParams.get('error') !== 'access_denied') fail(`${got}: no error=access_denied`);
            if (openid.issParameterSupported && to.searchParams.get('iss') !== api)
              fail(`${got}: no iss=${api}`);
            return { got, value: true };
          }
          if (options.clientId) fail(`${got}: no redirect with an error for the registered client`);
          if (res.status !== 400) fail(got);
          return { got, value: true };
        },
      );
    } else {
      run.skip('authorize, bad request', 'no authorization_endpoint (KHEOPS today)');
    }

    const refreshAnswer = await run.step<string>(
      'token, bogus refresh_token',
      `400 unsupported_grant_type (KHEOPS today) or invalid_grant${options.clientId ? '' : '/invalid_client (unknown client_id)'} (OHIF profile)`,
      true,
      async () => {
        const res = await fetch(tokenEndpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: `probe-${randomBytes(16).toString('hex')}`,
            client_id: clientId,
          }),
        });
        const error = await oauthError(res);
        const got = `${res.status} ${error ?? '(no error field)'}`;
        const profileAnswers = options.clientId ? ['invalid_grant'] : ['invalid_grant', 'invalid_client'];
        if (res.status !== 400 || !error) fail(got);
        if (error === 'unsupported_grant_type') {
          if (findings.grantTypes.includes('refresh_token'))
            fail(`${got}, but the discovery document lists refresh_token`);
          if (openid) fail(`${got}, but an OpenID discovery document is served`);
        } else if (!profileAnswers.includes(error)) fail(got);
        return { got, value: error };
      },
    );
    findings.refreshAnswer = refreshAnswer;
    const profile = isOhifProfile(findings) ? 'ohif' : 'today';

    // 3. The viewer's report-provider configuration documents, read as KHEOPS reads them (server-side).
    for (const url of options.viewerConfigs) {
      const finding: ViewerConfigFinding = {
        url,
        served: false,
        initiateLoginUri: false,
        problemToday: 'not served',
        problemProfile: 'not served',
      };
      findings.viewerConfigs.push(finding);
      await run.step(
        'viewer configuration',
        `200 JSON (a JSON content type), valid for KHEOPS ${profile === 'ohif' ? 'with the OHIF profile' : 'today'}`,
        true,
        async () => {
          const res = await fetch(url, { headers: { Accept: JDK_ACCEPT } });
          const ct = res.headers.get('content-type');
          if (!res.ok)
            fail(`${res.status}: KHEOPS refuses launches, code exchanges and saves while it fails`);
          if (!isJsonContentType(ct))
            fail(`${res.status} ${ct ?? 'without a content type'}: KHEOPS reads JSON types only`);
          const doc = (await res.json().catch(() => null)) as Record<string, unknown> | null;
          if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail(`${res.status}: not a JSON object`);
          finding.served = true;
          finding.responseType = typeof doc.response_type === 'string' ? doc.response_type : undefined;
          finding.tokenEndpointAuthMethod =
            typeof doc.token_endpoint_auth_method === 'string' ? doc.token_endpoint_auth_method : undefined;
          finding.initiateLoginUri = typeof doc.initiate_login_uri === 'string';
          finding.problemToday = configProblem(url, doc, 'today');
          finding.problemProfile = configProblem(url, doc, 'profile');
          const problem = profile === 'ohif' ? finding.problemProfile : finding.problemToday;
          const what = `response_type ${finding.responseType}${finding.tokenEndpointAuthMethod ? `, auth ${finding.tokenEndpointAuthMethod}` : ''}${finding.initiateLoginUri ? ', initiate_login_uri' : ''}`;
          if (problem) fail(`${res.status} ${ct?.split(';')[0]}; ${what}: ${problem}`);
          return { got: `${res.status} ${ct?.split(';')[0]}; ${what}`, value: true };
        },
      );
    }

    // 4. The study: the given one, or the first the token sees (as KHEOPS's UI lists them).
    const study = await run.step<string>(
      options.study ? 'the study, given token' : 'pick a study',
      options.study ? '200 with the study' : '200 with at least one study',
      true,
      async () => {
        const q = options.study
          ? `StudyInstanceUID=${encodeURIComponent(options.study)}&includefield=0020000D`
          : 'limit=1&includefield=0020000D';
        const res = await fetch(`${endpoint}/studies?${q}`, {
          headers: { Authorization: `Bearer ${options.token}`, Accept: DICOM_JSON },
        });
        if (res.status === 204) fail('204: the token sees no study');
        if (res.status !== 200) fail(responseLine(res));
        const rows = (await res.json()) as DicomJson[];
        const uid = first(rows[0], '0020000D');
        if (typeof uid !== 'string') fail(`${responseLine(res)}; no StudyInstanceUID`);
        return { got: `${responseLine(res)}; study ${uid}`, value: uid };
      },
    );

    // 5. Token exchange, as KHEOPS's UI does before an L1 launch (UI/src/mixins/tokens.js getViewerToken).
    let viewerToken: string | undefined;
    if (study) {
      const scope = options.write ? 'viewer read write' : 'viewer read';
      viewerToken = await run.step<string>(
        'viewer token exchange',
        `200 bearer token (scope ${scope})`,
        true,
        async () => {
          const res = await fetch(tokenEndpoint, {
            method: 'POST',
            headers: {
              Authorization: `Bearer ${options.token}`,
              'Content-Type': 'application/x-www-form-urlencoded',
              Accept: 'application/json',
            },
            body: new URLSearchParams({
              grant_type: TOKEN_EXCHANGE,
              subject_token: options.token,
              subject_token_type: ACCESS_TOKEN_TYPE,
              scope,
              studyUID: study,
            }),
          });
          const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
          if (res.status !== 200 || typeof body?.access_token !== 'string')
            fail(`${res.status} ${typeof body?.error === 'string' ? body.error : ''}`.trim());
          secrets.add(body.access_token);
          return {
            got: `200 token_type ${String(body.token_type)}, expires_in ${String(body.expires_in)}`,
            value: body.access_token,
          };
        },
      );
      findings.tokenExchange = viewerToken !== undefined;
    } else run.skip('viewer token exchange', 'no study');

    if (!study || !viewerToken) {
      for (const s of ['launch check (QIDO)', 'series QIDO', 'series metadata', 'frame', 'thumbnail'])
        run.skip(s, 'no viewer token');
    } else {
      const token = viewerToken;
      // The extension's request guard, on a window-like object in Node: bearer on the endpoint only, media types
      // rewritten as KHEOPS's Jersey needs them.
      const win = {
        XMLHttpRequest: class {
          open() {}
          setRequestHeader() {}
          send() {}
          abort() {}
        } as unknown as typeof XMLHttpRequest,
        fetch: run.fetch,
        location: { href: `${viewerOrigin}/kheops` },
      };
      const tokens: TokenProvider = {
        currentToken: () => token,
        freshToken: async () => token,
        isOurs: (h) => h === `Bearer ${token}`,
        refreshAfter401: () => Promise.reject(new Error('no refresh in the probe')),
      };
      const uninstall = installRequestGuard(win, new EndpointPolicy(endpoint), tokens);
      const guarded = win.fetch;
      try {
        await probeDicomweb(run, findings, options, { endpoint, study, token, guarded, viewerOrigin });
      } finally {
        uninstall();
      }
    }
    const styles = detectStyles(findings);
    const failed = run.rows.filter((r) => r.outcome === 'FAIL').map((r) => r.step);
    return { root, rows: run.rows, styles, profile, failed, secrets };
  } finally {
    globalThis.fetch = savedFetch;
  }
}

interface DicomwebContext {
  endpoint: string;
  study: string;
  token: string;
  guarded: typeof fetch;
  viewerOrigin: string;
}

async function probeDicomweb(
  run: Run,
  findings: Findings,
  options: ProbeOptions,
  { endpoint, study, token, guarded, viewerOrigin }: DicomwebContext,
): Promise<void> {
  const studyPath = `${endpoint}/studies/${study}`;
  const launched = await run.step<boolean>(
    'launch check (QIDO)',
    '200 with the study (checkStudiesGranted)',
    true,
    async () => {
      await checkStudiesGranted(viewerRequest(token), endpoint, [study], undefined);
      return { got: `${run.lastResponse()?.status}: the viewer token reaches the study`, value: true };
    },
  );

  await run.step<WritePermission>(
    'write check (L1)',
    '403 read-only or 400 may write (empty STOW without a boundary; nothing stored)',
    true,
    async () => {
      const access = await checkWritePermission(viewerRequest(token), endpoint, study);
      const got = `${run.lastResponse()?.status ?? 'no answer'}: ${access}`;
      if (access === 'unknown')
        fail(`${got} (the viewer could not tell a read-only L1 launch before a save)`);
      return { got, value: access };
    },
  );

  const series = await run.step<string>('series QIDO', '200 with an image series', true, async () => {
    const res = await guarded(`${studyPath}/series?includefield=${encodeURIComponent(SERIES_INCLUDE)}`, {
      headers: { Accept: DICOM_JSON },
    });
    if (res.status !== 200) fail(responseLine(res));
    const rows = (await res.json()) as DicomJson[];
    const images = rows.filter((r) => !NON_IMAGE.has(String(first(r, '00080060') ?? '')));
    const pick = images[0] ?? rows[0];
    const uid = first(pick, '0020000E');
    if (typeof uid !== 'string') fail(`${responseLine(res)}; no series`);
    return {
      got: `${responseLine(res)}; ${rows.length} series; ${String(first(pick, '00080060') ?? '?')} ${uid}`,
      value: uid,
    };
  });

  const instances = series
    ? await run.step<DicomJson[]>(
        'series metadata',
        `200 ${DICOM_JSON}; BulkDataURIs under the endpoint`,
        true,
        async () => {
          const res = await guarded(`${studyPath}/series/${series}/metadata`, {
            headers: { Accept: DICOM_JSON },
          });
          if (res.status !== 200) fail(responseLine(res));
          const rows = (await res.json()) as DicomJson[];
          if (!Array.isArray(rows) || !rows.length) fail(`${responseLine(res)}; no instance`);
          const policy = new EndpointPolicy(endpoint);
          const uris = rows.flatMap((r) =>
            Object.values(r)
              .map((e) => e?.BulkDataURI)
              .filter((u): u is string => typeof u === 'string'),
          );
          const outside = uris.filter((u) => !policy.covers(u, `${studyPath}/series/${series}/`));
          const got = `${responseLine(res)}; ${rows.length} instances; ${uris.length} BulkDataURIs`;
          if (outside.some((u) => policy.pin(u) === undefined))
            fail(`${got}; some point outside the endpoint and cannot be re-rooted`);
          if (outside.length)
            return {
              got: `${got}; ${outside.length} outside the endpoint (re-rooted)`,
              value: rows,
              outcome: 'warn',
            };
          return { got, value: rows };
        },
      )
    : undefined;

  const accept = ohifAcceptHeader(KHEOPS_DEFAULTS);
  const frame = async (instance: DicomJson | undefined) => {
    const sop = first(instance, '00080018');
    if (typeof sop !== 'string') fail('no SOPInstanceUID in the metadata');
    const res = await guarded(`${studyPath}/series/${series}/instances/${sop}/frames/1`, {
      headers: { Accept: accept },
    });
    const bytes = (await res.arrayBuffer()).byteLength;
    const ct = res.headers.get('content-type') ?? '';
    if (res.status !== 200 || !/^multipart\/related/i.test(ct)) fail(responseLine(res));
    return { got: responseLine(res, `${bytes} bytes`), value: true };
  };
  const sorted = [...(instances ?? [])].sort(
    (a, b) => Number(first(a, '00200013') ?? 0) - Number(first(b, '00200013') ?? 0),
  );
  const frameOk = instances
    ? await run.step('frame', '200 multipart/related', true, () => frame(sorted[0]))
    : run.skip('frame', 'no metadata');
  const thumbOk = instances
    ? await run.step('thumbnail (wadors)', '200 multipart/related (middle instance, frame 1)', true, () =>
        frame(sorted[Math.floor(sorted.length / 2)]),
      )
    : run.skip('thumbnail (wadors)', 'no metadata');
  findings.dicomweb = !!launched && !!series && !!instances && !!frameOk && !!thumbOk;

  // CORS: the browser's preflight before any request that carries the bearer.
  const preflight = async (method: string, requestHeaders: string, url: string) => {
    const res = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        Origin: viewerOrigin,
        'Access-Control-Request-Method': method,
        'Access-Control-Request-Headers': requestHeaders,
      },
    });
    await res.body?.cancel();
    const acah = res.headers.get('access-control-allow-headers');
    const acam = res.headers.get('access-control-allow-methods');
    const acao = res.headers.get('access-control-allow-origin');
    const got = `${res.status}; allow-origin ${acao ?? '(none)'}; allow-headers ${acah ?? '(none)'}${method !== 'GET' ? `; allow-methods ${acam ?? '(none)'}` : ''}`;
    if (res.status < 200 || res.status > 299) fail(got);
    if (!originAllowed(res, viewerOrigin)) fail(`${got}: the viewer origin is not allowed`);
    // Fetch standard: a wildcard Access-Control-Allow-Headers never covers Authorization.
    for (const h of requestHeaders.split(',')) if (!listHas(acah, h)) fail(`${got}: ${h} is not allowed`);
    if (method !== 'GET' && !listHas(acam, method) && acam !== '*') fail(`${got}: ${method} is not allowed`);
    return { got, value: true };
  };
  let cors = await run.step(
    'CORS preflight, read',
    `2xx; allow-origin * or ${viewerOrigin}; allow-headers has authorization`,
    true,
    () => preflight('GET', 'authorization', `${studyPath}/series/${series ?? '0'}/metadata`),
  );
  if (options.write) {
    cors =
      (await run.step('CORS preflight, save', 'as above, plus content-type and POST', true, () =>
        preflight('POST', 'authorization,content-type', `${endpoint}/studies`),
      )) && cors;
  }
  findings.cors = !!cors;

  // The L1 URL as KHEOPS's UI builds it: {api}/link/{viewer token}/ohifservermetadata.
  const linkBase = `${endpoint}/link/${encodeURIComponent(token)}`;
  findings.linkMetadata = !!(await run.step(
    'L1 link ohifservermetadata',
    `200 JSON; qidoRoot and wadoRoot ${endpoint}/link/***; allow-origin`,
    true,
    async () => {
      const res = await fetch(`${linkBase}/ohifservermetadata`, {
        headers: { Origin: viewerOrigin, Accept: 'application/json' },
      });
      if (res.status !== 200) fail(responseLine(res));
      const doc = (await res.json().catch(() => null)) as {
        servers?: { dicomWeb?: Array<{ qidoRoot?: string; wadoRoot?: string }> };
      } | null;
      const server = doc?.servers?.dicomWeb?.[0];
      const got = `${responseLine(res)}; qidoRoot ${server?.qidoRoot ?? '(none)'}`;
      if (!originAllowed(res, viewerOrigin)) fail(`${got}: no access-control-allow-origin for the viewer`);
      const roots = [server?.qidoRoot, server?.wadoRoot].map((r) => decodeURIComponent(String(r)));
      if (roots.some((r) => r !== `${endpoint}/link/${token}`))
        fail(`${got}: the roots are not ${endpoint}/link/***`);
      return { got, value: true };
    },
  ));

  // The save: a test SR through stowOverFetch and the guard, then found again by QIDO.
  if (!options.write) return;
  const instance = instances?.[0];
  if (!instance) {
    run.skip('STOW test SR', 'no metadata to copy the patient and study from');
    findings.write = false;
    return;
  }
  let sr: ReturnType<typeof buildTestSr> | undefined;
  const stored = await run.step('STOW test SR', '200 stored', true, async () => {
    sr = buildTestSr(instance);
    const answer = await stowOverFetch(
      endpoint,
      guarded,
    )({
      id: sr.sopInstanceUID,
      scope: 'kheops-probe',
      studyUID: study,
      bytes: sr.body,
      contentType: sr.contentType,
      createdAt: Date.now(),
    });
    const got = `${answer.status}${answer.detail ? `: ${answer.detail}` : ''}; SR ${sr.sopInstanceUID}`;
    if (answer.status !== 200) fail(got);
    return { got, value: true };
  });
  const found =
    stored && sr
      ? await run.step('SR found by QIDO', '200 with the SR instance', true, async () => {
          const res = await guarded(
            `${studyPath}/series/${sr!.seriesInstanceUID}/instances?SOPInstanceUID=${sr!.sopInstanceUID}`,
            { headers: { Accept: DICOM_JSON } },
          );
          if (res.status !== 200) fail(responseLine(res));
          const rows = (await res.json()) as DicomJson[];
          if (!rows.some((r) => first(r, '00080018') === sr!.sopInstanceUID))
            fail(`${responseLine(res)}; not there`);
          return { got: `${responseLine(res)}; the SR is in the study`, value: true };
        })
      : run.skip('SR found by QIDO', 'not stored');
  findings.write = !!stored && !!found;
}
