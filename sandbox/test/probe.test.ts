import { execFile } from 'node:child_process';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../src/testing/startSandbox';
import { bearer, first, userToken, viewerToken, type DicomJson } from './helpers/dicomweb';

// `npm run probe` (probe/src/main.ts) run as a KHEOPS administrator would, against the sandbox in both profiles
// and against a sandbox switched to answer like a misconfigured KHEOPS (POST /sandbox/misconfigure).
const repoRoot = path.resolve(__dirname, '..', '..');
const CONFIG = {
  implicit: '/.well-known/kheops-report-configuration-implicit',
  code: '/.well-known/kheops-report-configuration',
  thirdParty: '/.well-known/kheops-report-configuration-tpl',
};

interface ProbeRun {
  code: number;
  stdout: string;
  stderr: string;
}

function probe(args: string[]): Promise<ProbeRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'probe', 'src', 'main.ts'), ...args],
      { cwd: repoRoot, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

/** The table row of a step: its first line, cells split on the column separator. */
function row(out: string, step: string): string[] {
  const line = out.split('\n').find((l) => l.startsWith(`${step} `) || l.startsWith(`${step}|`));
  if (!line) throw new Error(`no row "${step}" in:\n${out}`);
  return line.split(' | ').map((c) => c.trim());
}
const outcome = (out: string, step: string) => row(out, step).at(-1);

/** A cell of a step's row with its wrapped lines joined again (wrapping happens on spaces within a cell). */
function cell(out: string, step: string, column: number): string {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${step} `));
  const parts: string[] = [];
  for (let i = start; i < lines.length && lines[i]!.includes(' | '); i++) {
    const cells = lines[i]!.split(' | ');
    if (i > start && cells[0]!.trim() !== '') break;
    parts.push(cells[column]!.trim());
  }
  return parts.filter(Boolean).join(' ');
}

function styles(out: string): Record<string, string> {
  return Object.fromEntries([...out.matchAll(/^ {2}(L[1-4]) {2}(yes|no) /gm)].map((m) => [m[1]!, m[2]!]));
}

/** Nothing secret in the output: not the tokens given, nor anything token-shaped, nor a /link/{token}. */
function expectNoSecrets(run: ProbeRun, secrets: string[]): void {
  const all = run.stdout + run.stderr;
  for (const s of secrets) {
    expect(all).not.toContain(s);
    expect(all).not.toContain(encodeURIComponent(s));
  }
  expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}/);
  expect(all).not.toMatch(/\/link\/(?!\*\*\*)/);
  expect(all).not.toMatch(/Bearer (?!\*\*\*)[A-Za-z0-9._~+/=-]{12,}/i);
}

async function albumLinkToken(sb: RunningSandbox): Promise<string> {
  const res = await fetch(`${sb.root}/sandbox/album-link`);
  return ((await res.json()) as { token: string }).token;
}

async function misconfigure(sb: RunningSandbox, mode: string): Promise<void> {
  const res = await fetch(`${sb.root}/sandbox/misconfigure`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  expect(res.status).toBe(200);
}

describe('probe against KHEOPS today', () => {
  let sb: RunningSandbox;
  let user: string;
  beforeAll(async () => {
    sb = await startSandbox(['--profile', 'today']);
    user = await userToken(sb);
  }, 90_000);
  afterAll(() => sb?.stop());
  afterEach(() => misconfigure(sb, 'none'));

  it('passes with --write; supports L1 and L2, not L3/L4; the SR is then in the study', async () => {
    const run = await probe([
      sb.root,
      '--token',
      user,
      '--write',
      '--viewer-origin',
      sb.viewer,
      '--viewer-config',
      `${sb.viewer}${CONFIG.implicit}`,
    ]);
    expect(run.stdout).toContain('All required steps pass.');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('The server answers as: KHEOPS today');
    expect(styles(run.stdout)).toEqual({ L1: 'yes', L2: 'yes', L3: 'no', L4: 'no' });
    expect(row(run.stdout, 'OpenID discovery (L4)')[3]).toMatch(/^404/);
    expect(row(run.stdout, 'token, bogus')[3]).toBe('400 unsupported_grant_type');
    // The frame went out with OHIF's quoted Accept, which KHEOPS's Jersey parses.
    expect(cell(run.stdout, 'frame', 1)).toContain(
      'accept: multipart/related; type="application/octet-stream"; transfer-syntax="*"',
    );
    expect(cell(run.stdout, 'thumbnail (wadors)', 1)).toContain('transfer-syntax="*"');
    expect(outcome(run.stdout, 'STOW test SR')).toBe('ok');

    // Independently of the probe: the SR it stored is in the study.
    const squeezed = (step: string) => cell(run.stdout, step, 3).replace(/\s+/g, '');
    const sop = /SR(2\.25\.[0-9]+)/.exec(squeezed('STOW test SR'))?.[1];
    const study = sb.studies[0]!.studyInstanceUID;
    expect(/study(2\.25\.[0-9]+)/.exec(squeezed('pick a study'))?.[1]).toBe(study);
    const viewer = await viewerToken(sb, user, study);
    const res = await fetch(`${sb.api}/studies/${study}/instances?SOPInstanceUID=${sop}`, {
      headers: { ...bearer(viewer), Accept: 'application/dicom+json' },
    });
    expect(res.status).toBe(200);
    const rows = (await res.json()) as DicomJson[];
    expect(rows.map((r) => first(r, '00080018'))).toEqual([sop]);
    expect(rows.map((r) => first(r, '00080060'))).toEqual(['SR']);
    expectNoSecrets(run, [user]);
  }, 60_000);

  it('passes read-only with a sharing-link album token, and refuses its save', async () => {
    const album = await albumLinkToken(sb);
    const read = await probe([sb.root, '--token', album, '--viewer-origin', sb.viewer]);
    expect(run0(read)).toBe(0);
    expect(styles(read.stdout).L1).toBe('yes');
    const write = await probe([sb.root, '--token', album, '--write', '--viewer-origin', sb.viewer]);
    expect(write.code).toBe(1);
    expect(write.stdout).toContain('FAILED: STOW test SR');
    expectNoSecrets(read, [album]);
    expectNoSecrets(write, [album]);
  }, 60_000);

  it('FAILS when the viewer registers its public code configuration with KHEOPS today', async () => {
    const run = await probe([
      sb.root,
      '--token',
      user,
      '--viewer-origin',
      sb.viewer,
      '--viewer-config',
      `${sb.viewer}${CONFIG.code}`,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAILED: viewer configuration');
    expect(row(run.stdout, 'viewer configuration').at(-1)).toBe('FAIL');
    expect(run.stdout).toMatch(/needs the OHIF profile/);
    expectNoSecrets(run, [user]);
  }, 60_000);

  it('FAILS, naming the step, when the CORS preflight does not allow authorization', async () => {
    await misconfigure(sb, 'cors-without-authorization');
    const run = await probe([sb.root, '--token', user, '--viewer-origin', sb.viewer]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAILED: CORS preflight, read');
    expect(outcome(run.stdout, 'CORS preflight, read')).toBe('FAIL');
    expect(outcome(run.stdout, 'frame')).toBe('ok'); // Node sends no preflight: only the probe's check sees it
    // The table wraps long cells anywhere, words included.
    expect(cell(run.stdout, 'CORS preflight, read', 3).replace(/\s+/g, '')).toMatch(
      /authorizationisnotallowed/,
    );
    expect(styles(run.stdout)).toEqual({ L1: 'no', L2: 'no', L3: 'no', L4: 'no' });
    expectNoSecrets(run, [user]);
  }, 60_000);

  it('FAILS, naming the step, when ohifservermetadata names roots without /api', async () => {
    await misconfigure(sb, 'link-roots-without-api');
    const run = await probe([sb.root, '--token', user, '--viewer-origin', sb.viewer]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAILED: L1 link ohifservermetadata');
    expect(outcome(run.stdout, 'L1 link')).toBe('FAIL');
    expect(styles(run.stdout)).toMatchObject({ L1: 'no', L2: 'yes' });
    expectNoSecrets(run, [user]);
  }, 60_000);

  it('answers usage errors with 2 and without echoing the token', async () => {
    const run = await probe([sb.root, `${sb.root}/other`, '--token', user]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/exactly one KHEOPS URL/);
    expectNoSecrets(run, [user]);
  }, 60_000);
});

function run0(r: ProbeRun): number {
  if (r.code !== 0) throw new Error(`probe exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.code;
}

describe('probe against KHEOPS with the OHIF profile', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox(['--profile', 'ohif']);
  }, 90_000);
  afterAll(() => sb?.stop());

  it('passes with --write and every viewer configuration; supports L1–L4', async () => {
    const user = await userToken(sb);
    const run = await probe([
      sb.root,
      '--token',
      user,
      '--write',
      '--study',
      sb.studies[0]!.studyInstanceUID,
      '--viewer-origin',
      sb.viewer,
      '--client-id',
      sb.clients.code!,
      ...Object.values(CONFIG).flatMap((p) => ['--viewer-config', `${sb.viewer}${p}`]),
    ]);
    expect(run0(run)).toBe(0);
    expect(run.stdout).toContain('The server answers as: KHEOPS with the OHIF profile');
    expect(styles(run.stdout)).toEqual({ L1: 'yes', L2: 'yes', L3: 'yes', L4: 'yes' });
    expect(row(run.stdout, 'token, bogus')[3]).toBe('400 invalid_grant');
    expect(row(run.stdout, 'authorize, bad request')[3]).toMatch(/^302/);
    expect(outcome(run.stdout, 'SR found by QIDO')).toBe('ok');
    expectNoSecrets(run, [user]);
  }, 60_000);
});
