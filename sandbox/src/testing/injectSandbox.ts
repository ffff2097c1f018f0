import Fastify from 'fastify';
import { registerDemoProviders } from '../api/registerDemoProviders';
import { buildSandbox, type BuiltSandbox } from '../buildSandbox';
import { parseOptions } from '../config';
import type { SandboxUrls } from '../types';
import { registerReportConfigurations } from '../viewer/reportConfigurationRoutes';
import type { SandboxInfo } from './startSandbox';

/** A sandbox in this process, answering through app.inject(): no Orthanc, no OHIF, no port for the KHEOPS origin. */
export interface InjectedSandbox extends SandboxInfo, BuiltSandbox {
  /** fetch() for this sandbox's URLs (through inject()); other URLs go to the network. */
  fetch: typeof fetch;
  stop(): Promise<void>;
}

const injected = new Map<string, BuiltSandbox['app']>();
let count = 0;

function headerRecord(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => (out[name] = value));
  return out;
}

/**
 * fetch(), except that a URL of a live injected sandbox is answered by its app.inject(). Redirects are never
 * followed for those (as with `redirect: 'manual'`, which every API test asks for).
 */
export const fetchThrough: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const app = injected.get(url.origin);
  if (!app) return fetch(input, init);
  const headers = headerRecord(init);
  let payload: string | Buffer | undefined;
  const body = init?.body;
  if (body instanceof URLSearchParams) {
    payload = body.toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
  } else if (typeof body === 'string') {
    payload = body;
    headers['content-type'] ??= 'text/plain;charset=UTF-8';
  } else if (body instanceof Uint8Array) payload = Buffer.from(body);
  else if (body != null) throw new Error('fetchThrough: unsupported body type');
  const res = await app.inject({
    method: (init?.method ?? 'GET') as 'GET',
    url: url.pathname + url.search,
    headers,
    ...(payload !== undefined ? { payload } : {}),
  });
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, String(v));
  }
  const empty = res.statusCode === 204 || res.statusCode === 304 || init?.method === 'HEAD';
  return new Response(empty ? null : new Uint8Array(res.rawPayload), {
    status: res.statusCode,
    headers: responseHeaders,
  });
};

/**
 * Builds the sandbox with buildSandbox() and --test-routes for API tests that need no DICOMweb: the KHEOPS origin
 * answers through inject() at a made-up origin, and a small loopback server stands in for the viewer origin's
 * report-provider configurations, so the demo providers (sb.clients) are registered as main.ts does it.
 * `args` are the command-line options (`--profile today`, `--refresh-ttl 3`...).
 */
export async function injectSandbox(args: string[] = []): Promise<InjectedSandbox> {
  const options = parseOptions(['--test-routes', '--quiet', ...args], {});
  const root = `http://kheops-${process.pid}-${++count}.test`;
  const urls: SandboxUrls = {
    root,
    api: `${root}/api`,
    viewer: 'http://127.0.0.1:9', // set below, once the stand-in listens
    baseline: 'http://127.0.0.1:9',
    // Nothing listens there: DICOMweb paths answer 502 rather than reach some other Orthanc.
    orthanc: 'http://127.0.0.1:9',
  };
  const built = await buildSandbox({ options, urls });
  injected.set(root, built.app);
  const configs = Fastify({ logger: false });
  registerReportConfigurations(configs, built.ctx);
  urls.viewer = await configs.listen({ port: 0, host: '127.0.0.1' });
  const stop = async () => {
    injected.delete(root);
    await configs.close();
    await built.app.close();
  };
  try {
    await registerDemoProviders(built.ctx, fetchThrough);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    ...built,
    ...urls,
    profile: options.profile,
    clients: built.ctx.clients,
    studies: built.studies,
    startupMs: 0,
    fetch: fetchThrough,
    stop,
  };
}
