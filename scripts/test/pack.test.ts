// What `npm pack` would publish for the two OHIF packages, checked as a deployer's tools would read it:
// the OHIF CLI (keywords, peers, dist/ copied into the app), Node's strict ESM resolution (exports, type),
// and nothing left over (tests, source maps, sources). Needs `npm run build` first (npm test runs it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

interface PackResult {
  name: string;
  version: string;
  filename: string;
  files: Array<{ path: string }>;
}

interface Manifest {
  name: string;
  type?: string;
  license?: string;
  keywords?: string[];
  main?: string;
  module?: string;
  types?: string;
  exports?: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const PACKAGES = [
  {
    dir: 'extension-kheops',
    name: '@kheops-ohif/extension-kheops',
    keyword: 'ohif-extension',
    peers: ['@ohif/core', '@ohif/extension-default'],
    requiredPeers: [] as string[],
  },
  {
    dir: 'mode-kheops',
    name: '@kheops-ohif/mode-kheops',
    keyword: 'ohif-mode',
    peers: ['@ohif/core', '@ohif/mode-longitudinal', '@kheops-ohif/extension-kheops'],
    // add-mode brings the extension along only if this peer is not optional.
    requiredPeers: ['@kheops-ohif/extension-kheops'],
  },
];

let tmp: string;
let packed: Map<string, PackResult>;

beforeAll(() => {
  for (const p of PACKAGES) {
    const entry = path.join(root, p.dir, 'lib', 'esm', 'index.js');
    if (!fs.existsSync(entry)) throw new Error(`${entry} missing: run "npm run build" first`);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kheops-pack-'));
  const out = execFileSync(
    'npm',
    ['pack', '--json', '--pack-destination', tmp, ...PACKAGES.flatMap((p) => ['-w', p.dir])],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  packed = new Map((JSON.parse(out) as PackResult[]).map((r) => [r.name, r]));
  // Install both tarballs as a consumer would see them: <tmp>/node_modules/<name>, dependencies beside them.
  for (const p of PACKAGES) {
    const dest = path.join(tmp, 'node_modules', p.name);
    fs.mkdirSync(dest, { recursive: true });
    execFileSync('tar', [
      '-xzf',
      path.join(tmp, packed.get(p.name)!.filename),
      '-C',
      dest,
      '--strip-components=1',
    ]);
  }
  fs.symlinkSync(
    path.join(root, 'node_modules', 'oidc-client-ts'),
    path.join(tmp, 'node_modules', 'oidc-client-ts'),
  );
}, 60_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function manifestOf(name: string): Manifest {
  return JSON.parse(
    fs.readFileSync(path.join(tmp, 'node_modules', name, 'package.json'), 'utf8'),
  ) as Manifest;
}

function exportTargets(exp: Manifest['exports']): string[] {
  return Object.values(exp ?? {}).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)));
}

describe.each(PACKAGES)('npm pack of $name', (p) => {
  const files = () =>
    packed
      .get(p.name)!
      .files.map((f) => f.path)
      .sort();

  test('name, MIT licence, the OHIF CLI keyword, type module, README and LICENSE', () => {
    const m = manifestOf(p.name);
    expect(packed.get(p.name)!.name).toBe(p.name);
    expect(m.keywords).toContain(p.keyword);
    expect(m.license).toBe('MIT');
    expect(m.type).toBe('module');
    expect(files()).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
    expect(fs.readFileSync(path.join(tmp, 'node_modules', p.name, 'LICENSE'), 'utf8')).toMatch(
      /^MIT License/,
    );
  });

  test('the peers OHIF and the other package provide are declared', () => {
    const m = manifestOf(p.name);
    expect(Object.keys(m.peerDependencies ?? {}).sort()).toEqual([...p.peers].sort());
    for (const peer of p.requiredPeers) expect(m.peerDependenciesMeta?.[peer]?.optional).not.toBe(true);
    // What the bundle leaves as imports must be something the consumer installs.
    const declared = new Set([
      ...Object.keys(m.dependencies ?? {}),
      ...Object.keys(m.peerDependencies ?? {}),
    ]);
    const esm = fs.readFileSync(path.join(tmp, 'node_modules', p.name, 'lib', 'esm', 'index.js'), 'utf8');
    const bare = [...esm.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]/g)].map(
      (x) => x[1]!,
    );
    for (const spec of bare) {
      expect(spec.startsWith('.')).toBe(false); // one file: no relative imports to resolve
      const pkgName = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      expect(declared).toContain(pkgName);
    }
  });

  test('main, module, types and every exports target are in the tarball', () => {
    const m = manifestOf(p.name);
    const listed = new Set(files());
    const targets = [m.main!, m.module!, m.types!, ...exportTargets(m.exports)].map((t) =>
      t.replace(/^\.\//, ''),
    );
    expect(targets.length).toBeGreaterThanOrEqual(5);
    for (const t of targets)
      expect({ target: t, packed: listed.has(t) }).toEqual({ target: t, packed: true });
    expect(m.exports?.['.']).toMatchObject({ import: m.module, types: m.types });
  });

  test('dist/ — what the OHIF CLI copies into the app — holds only the runtime module, under a name of its own', () => {
    expect(files().filter((f) => f.startsWith('dist/'))).toEqual([`dist/kheops-plugins/${p.dir}.mjs`]);
  });

  test('no tests or test doubles, sources, source maps or build configuration', () => {
    const leftovers = files().filter(
      (f) =>
        /\.test\.|\.spec\.|__tests__|\/testing\/|\.map$|^src\/|tsconfig|\.tsbuildinfo$/.test(f) ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    );
    expect(leftovers).toEqual([]);
    const esm = fs.readFileSync(path.join(tmp, 'node_modules', p.name, 'lib', 'esm', 'index.js'), 'utf8');
    expect(esm).not.toMatch(/sourceMappingURL/);
  });

  test('Node resolves and imports the package entry and its runtime module through exports', () => {
    const script = `
      const entry = await import(${JSON.stringify(p.name)});
      const runtime = await import(${JSON.stringify(`${p.name}/runtime`)});
      console.log(JSON.stringify({ id: entry.default.id, runtimeId: runtime.default.id,
        keys: Object.keys(entry.default).sort(), launchEarly: typeof entry.launchEarly }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: tmp,
      encoding: 'utf8',
    });
    const seen = JSON.parse(out) as { id: string; runtimeId: string; keys: string[]; launchEarly: string };
    expect(seen.id).toBe(p.name);
    expect(seen.runtimeId).toBe(seen.id);
    if (p.keyword === 'ohif-extension') {
      expect(seen.keys).toEqual(expect.arrayContaining(['id', 'preRegistration', 'getDataSourcesModule']));
      expect(seen.launchEarly).toBe('function'); // what the documented early-launch hook calls
    } else {
      expect(seen.keys).toEqual(expect.arrayContaining(['id', 'modeFactory']));
    }
  });
});
