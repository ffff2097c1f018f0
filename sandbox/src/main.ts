import fs from 'node:fs';
import { parseOptions } from './config';
import { PortReservations } from './PortReservations';
import { buildSandbox } from './buildSandbox';
import { OrthancProcess, PortTakenError } from './orthanc/OrthancProcess';
import { seedIfEmpty } from './data/seed';
import { registerDemoProviders } from './api/registerDemoProviders';
import { startViewerOrigins } from './viewer';
import { startExternalOpFor } from './externalOp';
import type { SandboxUrls } from './types';

async function main(): Promise<void> {
  const t0 = Date.now();
  const options = parseOptions(process.argv.slice(2));
  const ports = new PortReservations();
  options.port = await ports.reserve(options.port);
  options.viewerPort = await ports.reserve(options.viewerPort);
  options.baselinePort = await ports.reserve(options.baselinePort);
  const log = (msg: string) => {
    if (!options.quiet) console.error(`[sandbox] ${msg}`);
  };
  if (!fs.existsSync(`${options.ohifDist}/index.html`)) {
    throw new Error(
      `OHIF dist not found in ${options.ohifDist}: run "bash scripts/fetch-ohif.sh ${options.ohifVersion ?? ''}" (or "npm run setup") first`,
    );
  }

  let orthanc: OrthancProcess | undefined;
  const closers: Array<() => Promise<unknown>> = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await orthanc?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('uncaughtException', (err) => {
    console.error('[sandbox] crashed:', err);
    void stop(1);
  });
  process.on('unhandledRejection', (err) => {
    console.error('[sandbox] crashed:', err);
    void stop(1);
  });
  // Orthanc must not outlive us even on a hard exit.
  process.on('exit', () => orthanc?.kill());

  // Orthanc binds its port itself, a moment after it starts: a port taken meanwhile means another pick.
  const autoOrthancPort = options.orthancPort === 0;
  options.orthancPort = await ports.reserve(options.orthancPort);
  for (let attempt = 1; ; attempt++) {
    await ports.release(options.orthancPort);
    orthanc = new OrthancProcess({
      port: options.orthancPort,
      dataDir: options.dataDir,
      fresh: options.fresh,
      log,
    });
    try {
      await orthanc.start();
      break;
    } catch (err) {
      if (!(err instanceof PortTakenError) || !autoOrthancPort || attempt === 3) throw err;
      log(`${err.message}; trying another port`);
      options.orthancPort = await ports.reserve(0);
    }
  }

  const root = `http://127.0.0.1:${options.port}`;
  const urls: SandboxUrls = {
    root,
    api: `${root}/api`,
    viewer: `http://127.0.0.1:${options.viewerPort}`,
    baseline: `http://127.0.0.1:${options.baselinePort}`,
    orthanc: orthanc.url,
  };
  const seeded = await seedIfEmpty(urls.orthanc, { dicomDir: options.dicomDir, log });

  const { app, ctx, tokens, studies } = await buildSandbox({ options, urls, studies: seeded.studies, log });
  await ports.release(options.port);
  await app.listen({ port: options.port, host: '127.0.0.1' });
  closers.push(() => app.close());

  let externalOpMs: number | undefined;
  if (options.externalOp) {
    const { op, verifier } = await startExternalOpFor(ctx);
    closers.push(() => op.close());
    tokens.external = verifier;
    externalOpMs = op.startMs;
  }

  await Promise.all([ports.release(options.viewerPort), ports.release(options.baselinePort)]);
  const viewers = await startViewerOrigins(ctx);
  closers.push(() => viewers.close());

  await registerDemoProviders(ctx);

  const info = {
    ...urls,
    profile: options.profile,
    clients: ctx.clients,
    studies,
    startupMs: Date.now() - t0,
    ...(externalOpMs !== undefined ? { externalOpMs } : {}),
  };
  log(`ready in ${info.startupMs} ms (OHIF ${options.ohifVersion ?? options.ohifDist})`);
  if (process.env.SANDBOX_INFO_JSON === '1') console.log(`SANDBOX_INFO ${JSON.stringify(info)}`);
  console.log(`KHEOPS sandbox ready: ${root}/`);
}

main().catch((err) => {
  console.error(`[sandbox] failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
