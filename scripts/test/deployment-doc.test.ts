// docs/deployment.md's prebuilt instructions, run literally: the fenced bash blocks of section 1, in order, on a
// fresh copy of the prebuilt OHIF dist (OHIF_DIST) with this repository as KHEOPS_OHIF; then the plugin files and
// app-config.js must be where and what the doc says. Needs `npm run build` and the fetched dist (npm test has both).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_OHIF_VERSION, ohifDistDir } from '../../sandbox/src/ohifVersions';

const root = path.resolve(__dirname, '..', '..');
const doc = fs.readFileSync(process.env.DEPLOYMENT_DOC ?? path.join(root, 'docs', 'deployment.md'), 'utf8');
const section = /^## 1\.[^\n]*\n([\s\S]*?)^## 2\./m.exec(doc)?.[1] ?? '';
const shellBlocks = [...section.matchAll(/^```(?:bash|sh)\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
const prebuiltDist = ohifDistDir(DEFAULT_OHIF_VERSION);
const ready = shellBlocks.length > 0 && fs.existsSync(path.join(prebuiltDist, 'index.html'));

(ready ? describe : describe.skip)('docs/deployment.md section 1, run on a copy of the prebuilt dist', () => {
  let tmp: string;
  let dist: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kheops-doc-'));
    dist = path.join(tmp, 'dist');
    fs.cpSync(prebuiltDist, dist, { recursive: true });
    for (const script of shellBlocks)
      execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
        cwd: root,
        env: { ...process.env, OHIF_DIST: dist, KHEOPS_OHIF: root },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  }, 60_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the runtime modules are served from the dist under /kheops-plugins/, as built', () => {
    for (const pkg of ['extension-kheops', 'mode-kheops'])
      expect(fs.readFileSync(path.join(dist, 'kheops-plugins', `${pkg}.mjs`))).toEqual(
        fs.readFileSync(path.join(root, pkg, 'dist', 'kheops-plugins', `${pkg}.mjs`)),
      );
  });

  test('app-config.js lists them, selects the KHEOPS data source and ends with the early-launch hook', () => {
    const text = fs.readFileSync(path.join(dist, 'app-config.js'), 'utf8');
    const window: { config?: Record<string, unknown>; kheopsEarlyLaunch?: unknown } = {};
    new Function('window', 'location', text)(window, { search: '', hash: '' });
    const config = window.config!;
    expect(config.extensions).toEqual(['/kheops-plugins/extension-kheops.mjs']);
    expect(config.modes).toEqual(['/kheops-plugins/mode-kheops.mjs']);
    expect(config.defaultDataSourceName).toBe('kheops');
    expect(JSON.stringify(config.dataSources)).toContain(
      '@kheops-ohif/extension-kheops.dataSourcesModule.kheops',
    );
    expect(text).toMatch(/import\(['"]\/kheops-plugins\/extension-kheops\.mjs['"]\)/);
    expect(window.kheopsEarlyLaunch).toBeUndefined(); // no launch in this URL: the hook does nothing
  });
});

if (!ready)
  test.skip(`docs/deployment.md section 1 run literally (${shellBlocks.length ? `no prebuilt dist in .cache/ohif/${DEFAULT_OHIF_VERSION}` : 'the section has no bash block yet'})`, () => {});
