import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_OHIF_VERSION, ohifDistDir, ohifVersionFromEnv } from './ohifVersions';
import type { Profile, SandboxOptions } from './types';

const repoRoot = path.resolve(__dirname, '..', '..');

export const USAGE = `Usage: npm start -- [options]
  --port N              KHEOPS origin port (env PORT, default 8080; 0 = any free port)
  --viewer-port N       OHIF viewer origin port (env VIEWER_PORT, default 3000; 0 = any free port)
  --baseline-port N     plain-OHIF baseline origin port (env BASELINE_PORT, default 3001; 0 = any)
  --orthanc-port N      Orthanc HTTP port (env ORTHANC_PORT, default 0 = any free port)
  --profile today|ohif  KHEOPS as it is today, or with the OHIF profile (default ohif)
  --token-ttl S         access-token lifetime in seconds (default 300 under ohif, 3600 today)
  --refresh-ttl S       refresh-token idle lifetime in seconds (default 28800)
  --dicom-dir DIR       also load the DICOM files found in DIR
  --data-dir DIR        Orthanc storage and state (default .sandbox-data)
  --fresh               wipe the data dir first
  --test-routes         enable /sandbox/* fault injection and the request log
  --reusable-codes yes|no     authorization codes reusable until expiry (default: yes today, no ohif)
  --honour-viewer-exp         reject expired viewer tokens (real KHEOPS does not)
  --viewer-token-ttl S        viewer-token lifetime (default 18000)
  --ohif-version V      prebuilt OHIF to serve, fetched by scripts/fetch-ohif.sh (env OHIF_VERSION,
                        default ${DEFAULT_OHIF_VERSION}; supported: ohif-versions.json)
  --ohif-dist DIR       serve this OHIF dist instead (overrides --ohif-version)
  --cli-build           the OHIF dist is an OHIF CLI source build with the packages bundled: app-config.js
                        lists no runtime extensions/modes, and /kheops-plugins/ comes from that dist
  --external-op         also run panva's oidc-provider on a free loopback port as an L4 issuer other than
                        KHEOPS (its access tokens get --token-ttl; the gateway introspects them)
  --rtt MS              network shaping: hold every response of the KHEOPS origin (UI, /api, gateway) and of
                        the baseline origin's pass-through for MS ms, one round trip per request (default 0)
  --bandwidth KBPS      with it, pace those response bodies at KBPS kbit/s, one shared link per origin
  --viewer-rtt MS       the same round trip for the viewer's static files (viewer origin, baseline origin's
                        OHIF files; default 0: a nearby server)
  --quiet               only print the ready line and errors`;

function int(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): SandboxOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      'viewer-port': { type: 'string' },
      'baseline-port': { type: 'string' },
      'orthanc-port': { type: 'string' },
      profile: { type: 'string' },
      'token-ttl': { type: 'string' },
      'refresh-ttl': { type: 'string' },
      'refresh-absolute-ttl': { type: 'string' },
      'dicom-dir': { type: 'string' },
      'data-dir': { type: 'string' },
      fresh: { type: 'boolean' },
      'test-routes': { type: 'boolean' },
      'reusable-codes': { type: 'string' },
      'honour-viewer-exp': { type: 'boolean' },
      'viewer-token-ttl': { type: 'string' },
      'external-op': { type: 'boolean' },
      'ohif-dist': { type: 'string' },
      'ohif-version': { type: 'string' },
      'plugin-dir': { type: 'string' },
      'cli-build': { type: 'boolean' },
      rtt: { type: 'string' },
      bandwidth: { type: 'string' },
      'viewer-rtt': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.error(USAGE);
    process.exit(0);
  }
  const profile = (values.profile ?? env.KHEOPS_PROFILE ?? 'ohif') as Profile;
  if (profile !== 'today' && profile !== 'ohif')
    throw new Error(`--profile must be "today" or "ohif", got "${profile}"`);
  const ohifVersion = values['ohif-version'] ?? ohifVersionFromEnv(env);
  // Checked even with --ohif-dist: a version that is not pinned is refused rather than silently ignored.
  const defaultDist = ohifDistDir(ohifVersion);
  const reusable = values['reusable-codes'] ?? (profile === 'today' ? 'yes' : 'no');
  if (reusable !== 'yes' && reusable !== 'no') throw new Error('--reusable-codes must be yes or no');
  return {
    port: int('port', values.port ?? env.PORT, 8080),
    viewerPort: int('viewer-port', values['viewer-port'] ?? env.VIEWER_PORT, 3000),
    baselinePort: int('baseline-port', values['baseline-port'] ?? env.BASELINE_PORT, 3001),
    orthancPort: int('orthanc-port', values['orthanc-port'] ?? env.ORTHANC_PORT, 0),
    profile,
    tokenTtl: int('token-ttl', values['token-ttl'], profile === 'ohif' ? 300 : 3600),
    refreshTtl: int('refresh-ttl', values['refresh-ttl'], 28800),
    refreshAbsoluteTtl: int('refresh-absolute-ttl', values['refresh-absolute-ttl'], 86400),
    dicomDir: values['dicom-dir'] ? path.resolve(values['dicom-dir']) : undefined,
    dataDir: path.resolve(values['data-dir'] ?? env.SANDBOX_DATA_DIR ?? path.join(repoRoot, '.sandbox-data')),
    fresh: values.fresh ?? false,
    testRoutes: values['test-routes'] ?? false,
    ohifDist: path.resolve(values['ohif-dist'] ?? defaultDist),
    ohifVersion: values['ohif-dist'] ? undefined : ohifVersion,
    pluginDir: path.resolve(values['plugin-dir'] ?? repoRoot),
    cliBuild: values['cli-build'] ?? false,
    reusableCodes: reusable === 'yes',
    honourViewerExp: values['honour-viewer-exp'] ?? false,
    viewerTokenTtl: int('viewer-token-ttl', values['viewer-token-ttl'], 18000),
    externalOp: values['external-op'] ?? false,
    rttMs: int('rtt', values.rtt, 0),
    bandwidthKbps: int('bandwidth', values.bandwidth, 0),
    viewerRttMs: int('viewer-rtt', values['viewer-rtt'], 0),
    quiet: values.quiet ?? false,
  };
}
