import { parseArgs } from 'node:util';
import type { ProbeOptions } from './probe';

export const USAGE = `Usage: npm run probe -- <KHEOPS URL> --token <user or album token> [options]

Checks a KHEOPS server with exactly the requests the OHIF KHEOPS extension makes, before deploying the viewer.

  <KHEOPS URL>              the KHEOPS base URL, e.g. https://kheops.example (the API is {URL}/api)
  --token T                 a user token or an album (sharing link) token; env KHEOPS_PROBE_TOKEN instead
                            keeps it out of the shell history. Never printed.
  --study UID               the study to check (default: the first one the token sees)
  --write                   also save a small test SR into the study (needs write permission) and find it again
  --viewer-origin ORIGIN    the viewer's origin for the CORS checks (default https://viewer.invalid)
  --viewer-config URL       a report-provider configuration document the viewer serves; repeatable
  --client-id ID            the viewer's code-flow client_id (clientIds.code), for the OHIF-profile checks
  --timeout S               per-request timeout in seconds (default 30)
  -h, --help                this text

Exit status: 0 when every required step passes, 1 when one fails, 2 on a usage error.`;

export class UsageError extends Error {}

export function parseProbeArgs(
  argv: string[],
  env: Record<string, string | undefined> = {},
): ProbeOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        token: { type: 'string' },
        study: { type: 'string' },
        write: { type: 'boolean', default: false },
        'viewer-origin': { type: 'string', default: 'https://viewer.invalid' },
        'viewer-config': { type: 'string', multiple: true, default: [] },
        'client-id': { type: 'string' },
        timeout: { type: 'string', default: '30' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError('give exactly one KHEOPS URL');
  const kheops = positionals[0]!;
  const token = values.token ?? env.KHEOPS_PROBE_TOKEN;
  if (!token) throw new UsageError('--token (or KHEOPS_PROBE_TOKEN) is required');
  const urlish = (v: string, name: string) => {
    try {
      const u = new URL(v);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error();
      return u;
    } catch {
      throw new UsageError(`${name} is not an http(s) URL: ${v}`);
    }
  };
  urlish(kheops, 'the KHEOPS URL');
  const viewerOrigin = urlish(values['viewer-origin']!, '--viewer-origin').origin;
  for (const c of values['viewer-config']!) urlish(c, '--viewer-config');
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout must be a positive number');
  return {
    kheops,
    token,
    study: values.study,
    write: values.write!,
    viewerOrigin,
    viewerConfigs: values['viewer-config']!,
    clientId: values['client-id'],
    timeoutMs: timeout * 1000,
  };
}
