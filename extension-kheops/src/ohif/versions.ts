/**
 * The OHIF versions this extension is built and tested against: the one place they are named in the code.
 * `DEFAULT_OHIF_VERSION` runs the full suite; the others are smoke-tested (e2e/tests/ohif-versions.test.ts).
 * ohif-versions.json at the repository root is the deploy list; a unit test keeps the two equal.
 */
export const DEFAULT_OHIF_VERSION = '3.13.2';
export const SUPPORTED_OHIF_VERSIONS = ['3.11.1', '3.12.0', '3.12.10', '3.13.2', '3.14.0-beta.6'] as const;
