import { createHash } from 'node:crypto';

/** Deterministic UID in the 2.25 arc (a UUID-sized integer derived from a name), so re-seeding is idempotent. */
export function uidFor(name: string): string {
  const hex = createHash('sha256').update(`kheops-ohif-sandbox:${name}`).digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}
