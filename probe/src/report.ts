import type { ProbeResult } from './probe';
import { formatTable } from './table';

/** The whole printout; every line goes through the run's masking. */
export function formatReport(result: ProbeResult): string {
  const lines = [
    `KHEOPS probe of ${result.root}`,
    '',
    formatTable(result.rows),
    '',
    `The server answers as: ${result.profile === 'ohif' ? 'KHEOPS with the OHIF profile' : 'KHEOPS today'}`,
    '',
    'Launch styles (docs/kheops-ohif-profile.md):',
    ...result.styles.map((s) => `  ${s.style}  ${s.supported ? 'yes' : 'no '}  ${s.why}`),
    '',
    result.failed.length ? `FAILED: ${result.failed.join(', ')}` : 'All required steps pass.',
  ];
  return result.secrets.mask(lines.join('\n'));
}
