// The prebuilt OHIF versions the project supports, read from ohif-versions.json (the one place they are pinned:
// scripts/fetch-ohif.sh reads the same file for the sha512 it checks each download against).
import path from 'node:path';
import pins from '../../ohif-versions.json';

const repoRoot = path.resolve(__dirname, '..', '..');

/** The version the sandbox serves and the full test suite runs on. */
export const DEFAULT_OHIF_VERSION: string = pins.default;

/** Every supported prebuilt `@ohif/app` version, in the order ohif-versions.json lists them. */
export const PREBUILT_OHIF_VERSIONS: readonly string[] = Object.keys(pins.prebuilt);

/** The version to serve when no --ohif-version is given: env OHIF_VERSION, else the default (e2e, bench, npm start). */
export function ohifVersionFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.OHIF_VERSION || DEFAULT_OHIF_VERSION;
}

export function isSupportedOhifVersion(version: string): boolean {
  return Object.hasOwn(pins.prebuilt, version);
}

/** Where scripts/fetch-ohif.sh unpacks a version's dist. */
export function ohifDistDir(version: string): string {
  if (!isSupportedOhifVersion(version))
    throw new Error(
      `OHIF ${version} is not a supported prebuilt version (supported: ${PREBUILT_OHIF_VERSIONS.join(', ')})`,
    );
  return path.join(repoRoot, '.cache', 'ohif', version, 'dist');
}
