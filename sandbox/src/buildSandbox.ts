import Fastify, { type FastifyInstance } from 'fastify';
import { AlbumStore } from './albums';
import { Clock } from './Clock';
import type { SandboxContext } from './context';
import contextPlugin from './contextPlugin';
import corsPlugin from './cors';
import { definedStudies } from './data/definedStudies';
import { placeInAlbums, type SeededStudy } from './data/seed';
import apiPlugin from './api';
import callerPlugin from './auth/requestCaller';
import { TokenService } from './auth/TokenService';
import gatewayPlugin from './gateway';
import strictHeadersPlugin from './jersey/strictHeaders';
import { networkShapePlugin } from './network/shape';
import { SandboxState } from './state';
import testRoutesPlugin from './testing/testRoutes';
import type { SandboxOptions, SandboxUrls } from './types';
import uiPlugin from './ui';

export interface BuildSandboxOptions {
  options: SandboxOptions;
  /** Where each origin is (or pretends to be, under inject()): issuers, audiences and links are built from them. */
  urls: SandboxUrls;
  /**
   * The studies Orthanc holds (seedIfEmpty). Without them there is no Orthanc behind the sandbox: the synthetic
   * studies are placed in the albums by UID only, so the authorization server (launches, tokens, introspection,
   * report providers, sharing links) works and DICOMweb answers 502.
   */
  studies?: SeededStudy[];
  log?: (msg: string) => void;
}

export interface BuiltSandbox {
  /** The KHEOPS origin (UI, /api, the gateway, /sandbox/* with testRoutes), ready but not listening. */
  app: FastifyInstance;
  ctx: SandboxContext;
  tokens: TokenService;
  /** The studies with the series the demo album shows. */
  studies: SeededStudy[];
}

/** The KHEOPS origin as area plugins over one SandboxContext; main.ts listens on it, API tests inject() into it. */
export async function buildSandbox(o: BuildSandboxOptions): Promise<BuiltSandbox> {
  const albums = new AlbumStore();
  // Albums hold series; `studies` is what the demo album shows (a partly shared study with part of its series).
  const studies = placeInAlbums(albums, o.studies ?? definedStudies());
  const ctx: SandboxContext = {
    options: o.options,
    urls: o.urls,
    state: new SandboxState(),
    albums,
    tokens: undefined as unknown as SandboxContext['tokens'],
    clients: {},
    clock: new Clock(),
    log: o.log ?? (() => undefined),
  };
  const tokens = new TokenService(ctx);
  ctx.tokens = tokens;

  // maxParamLength: /api/link/{token}/ carries whole JWE/JWT tokens in one path parameter (gateway room).
  const app = Fastify({
    logger: false,
    bodyLimit: 512 * 1024 * 1024,
    routerOptions: { maxParamLength: 8192 },
  });
  await app.register(contextPlugin, { ctx });
  await app.register(networkShapePlugin, {
    shape: { rttMs: o.options.rttMs ?? 0, bandwidthKbps: o.options.bandwidthKbps },
  });
  await app.register(corsPlugin);
  await app.register(strictHeadersPlugin);
  await app.register(callerPlugin);
  await app.register(gatewayPlugin);
  await app.register(apiPlugin);
  await app.register(uiPlugin);
  if (o.options.testRoutes) await app.register(testRoutesPlugin);
  await app.ready();
  return { app, ctx, tokens, studies };
}
