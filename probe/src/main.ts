import { parseProbeArgs, USAGE, UsageError } from './args';
import { maskPatterns } from './mask';
import { runProbe } from './probe';
import { formatReport } from './report';

async function main(): Promise<number> {
  let options;
  try {
    options = parseProbeArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${maskPatterns(err.message)}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const result = await runProbe(options);
  process.stdout.write(`${formatReport(result)}\n`);
  return result.failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`probe: ${maskPatterns(String((err as Error)?.message ?? err))}\n`);
    process.exit(1);
  },
);
