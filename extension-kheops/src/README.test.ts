import fs from 'node:fs';
import path from 'node:path';
import {
  DefaultDraftOptions,
  DefaultPrefetchOptions,
  DefaultLegacyTokenLifetimeSeconds,
  DefaultRoute,
  DefaultSaveRetries,
  DefaultScope,
  DefaultSessionTiming,
  DefaultWarningTimes,
  KHEOPS_SETTING_KEYS,
} from './KheopsSettings';

// The package README's configuration table, checked against the settings so that it cannot drift.
const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Contents'));
const rows = new Map([...section.matchAll(/^\| `([\w.]+)`\s*\| ([^|]+?)\s*\|/gm)].map((m) => [m[1]!, m[2]!]));

const GROUPS = {
  session: DefaultSessionTiming,
  save: DefaultSaveRetries,
  warnings: DefaultWarningTimes,
  drafts: DefaultDraftOptions,
  prefetch: DefaultPrefetchOptions,
} as const;

/** What the table says a default is, as a value (`1/3`, `[1000, 2000]`, `'/kheops'`, `false`). */
function value(cell: string): unknown {
  return new Function(`return (${cell.replace(/`/g, '')});`)();
}

describe('README configuration table', () => {
  test('has one row per setting, and no row that is not a setting', () => {
    const expected = KHEOPS_SETTING_KEYS.flatMap((k) =>
      k in GROUPS ? Object.keys(GROUPS[k as keyof typeof GROUPS]).map((sub) => `${k}.${sub}`) : [k],
    );
    expect([...rows.keys()].sort()).toEqual(expected.sort());
  });

  test('gives every group setting its Default* value', () => {
    for (const [group, defaults] of Object.entries(GROUPS))
      for (const [key, d] of Object.entries(defaults))
        expect([`${group}.${key}`, value(rows.get(`${group}.${key}`)!)]).toEqual([`${group}.${key}`, d]);
  });

  test('gives the top-level defaults', () => {
    expect(value(rows.get('route')!)).toBe(DefaultRoute);
    expect(value(rows.get('scope')!)).toBe(DefaultScope);
    expect(value(rows.get('legacyTokenLifetimeSeconds')!)).toBe(DefaultLegacyTokenLifetimeSeconds);
    expect(value(rows.get('debug')!)).toBe(false);
    expect(rows.get('trustedOrigins')).toBe('required');
  });
});
