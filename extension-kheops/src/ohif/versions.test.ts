import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_OHIF_VERSION, SUPPORTED_OHIF_VERSIONS } from './versions';

const root = path.resolve(__dirname, '..', '..', '..');
const deployList = JSON.parse(fs.readFileSync(path.join(root, 'ohif-versions.json'), 'utf8')) as {
  default: string;
  prebuilt: Record<string, string>;
};
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'extension-kheops', 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
};

describe('OHIF version pin', () => {
  test('the adapter names the versions ohif-versions.json deploys, with the same default', () => {
    expect(DEFAULT_OHIF_VERSION).toBe(deployList.default);
    expect([...SUPPORTED_OHIF_VERSIONS].sort()).toEqual(Object.keys(deployList.prebuilt).sort());
  });

  test("every supported minor is in the package's peer range", () => {
    const range = manifest.peerDependencies['@ohif/core']!;
    for (const v of SUPPORTED_OHIF_VERSIONS) {
      const minor = v.split('.').slice(0, 2).join('.');
      expect(range).toContain(minor);
    }
  });
});
