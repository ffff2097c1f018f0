// The few parts of panva's oidc-provider (ESM only, ships no types) that sandbox/src/externalOp uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcClientRef {
    clientId: string;
    grantTypeAllowed(type: string): boolean;
  }

  export interface OidcAccount {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    /** Koa middleware, run before the provider's own. */
    use(fn: (ctx: { type: string; body: unknown }, next: () => Promise<void>) => Promise<void>): this;
  }
  export default Provider;
}
