import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseOptions } from './config';
import { DEFAULT_OHIF_VERSION, PREBUILT_OHIF_VERSIONS, ohifDistDir } from './ohifVersions';

const repoRoot = path.resolve(__dirname, '..', '..');

describe('the OHIF version, pinned in ohif-versions.json', () => {
  test('the sandbox serves the default version unless told otherwise', () => {
    const options = parseOptions([], {});
    expect(options.ohifVersion).toBe(DEFAULT_OHIF_VERSION);
    expect(options.ohifDist).toBe(path.join(repoRoot, '.cache', 'ohif', DEFAULT_OHIF_VERSION, 'dist'));
  });

  test('--ohif-version and OHIF_VERSION choose the dist; the flag wins', () => {
    expect(parseOptions(['--ohif-version', '3.11.1'], {}).ohifDist).toBe(ohifDistDir('3.11.1'));
    expect(parseOptions([], { OHIF_VERSION: '3.12.10' }).ohifDist).toBe(ohifDistDir('3.12.10'));
    expect(parseOptions(['--ohif-version', '3.12.0'], { OHIF_VERSION: '3.12.10' }).ohifVersion).toBe(
      '3.12.0',
    );
  });

  test('--ohif-dist still serves any folder', () => {
    const options = parseOptions(['--ohif-dist', '/tmp/my-ohif'], {});
    expect(options.ohifDist).toBe('/tmp/my-ohif');
    expect(options.ohifVersion).toBeUndefined();
  });

  test('a version without a pinned sha512 is refused', () => {
    expect(() => parseOptions(['--ohif-version', '3.10.0'], {})).toThrow(/not a supported prebuilt version/);
    const run = spawnSync('bash', [path.join(repoRoot, 'scripts', 'fetch-ohif.sh'), '3.10.0'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no sha512 pinned/);
  });

  test('fetch-ohif.sh lists the same versions, the default first', () => {
    const listed = execFileSync('bash', [path.join(repoRoot, 'scripts', 'fetch-ohif.sh'), '--list'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(listed[0]).toBe(DEFAULT_OHIF_VERSION);
    expect([...listed].sort()).toEqual([...PREBUILT_OHIF_VERSIONS].sort());
  });
});

test('fetch-ohif.sh refuses an archive whose sha512 is not the pinned one, and unpacks nothing', () => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'ohif-cache-'));
  try {
    const dir = path.join(cache, '3.12.0');
    fs.mkdirSync(dir, { recursive: true });
    // A tampered archive already in place: the script must check it rather than trust it.
    execFileSync('tar', ['czf', path.join(dir, 'ohif-app-3.12.0.tgz'), '-C', repoRoot, 'ohif-versions.json']);
    const run = spawnSync('bash', [path.join(repoRoot, 'scripts', 'fetch-ohif.sh'), '3.12.0'], {
      encoding: 'utf8',
      env: { ...process.env, OHIF_CACHE_DIR: cache },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/integrity check failed/);
    expect(fs.readdirSync(dir)).toEqual([]);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
});

describe('peer ranges say what the smoke tests', () => {
  // One comparator per OHIF minor line, from the lowest pinned version of that line: ~X.Y.Z for a release,
  // ">=X.Y.Z-pre <X.(Y+1).0-0" when the line is only tested on a prerelease (npm matches prereleases only so).
  function testedRange(versions: readonly string[]): string {
    const lines = new Map<string, string[]>();
    for (const v of versions) {
      const [, major, minor] = /^(\d+)\.(\d+)\./.exec(v)!;
      const key = `${major}.${minor}`;
      lines.set(key, [...(lines.get(key) ?? []), v]);
    }
    const parts = [...lines.entries()]
      .sort(([a], [b]) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
      .map(([line, vs]) => {
        const lowest = [...vs].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))[0]!;
        const [major, minor] = line.split('.').map(Number) as [number, number];
        return lowest.includes('-') ? `>=${lowest} <${major}.${minor + 1}.0-0` : `~${lowest}`;
      });
    return parts.join(' || ');
  }

  test.each([
    ['extension-kheops', ['@ohif/core', '@ohif/extension-default']],
    ['mode-kheops', ['@ohif/core', '@ohif/mode-longitudinal']],
  ])('%s peers on OHIF are the prebuilt versions of ohif-versions.json', (dir, peers) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, dir, 'package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>;
    };
    const expected = testedRange(PREBUILT_OHIF_VERSIONS);
    for (const peer of peers) expect([peer, manifest.peerDependencies[peer]]).toEqual([peer, expected]);
  });
});
