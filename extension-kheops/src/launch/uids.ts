import { LaunchError } from './LaunchError';

// DICOM PS3.5 §9.1: components of digits separated by dots, no leading zeros, at most 64 characters.
const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;

export function isDicomUid(value: string): boolean {
  return value.length <= 64 && UID.test(value);
}

export function requireUids(values: readonly string[], param: string): string[] {
  for (const v of values) {
    if (!isDicomUid(v)) {
      throw new LaunchError(
        'bad_uid',
        `The launch parameter "${param}" holds "${v.slice(0, 80)}", which is not a DICOM UID.`,
      );
    }
  }
  return [...new Set(values)];
}
