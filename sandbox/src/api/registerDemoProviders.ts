import { DEMO_ALBUM_ID, DEMO_USER } from '../albums';
import type { RegisteredClients, SandboxContext } from '../context';

interface DemoProvider {
  slot: keyof RegisteredClients;
  name: string;
  /** Path of the configuration document on the viewer origin. */
  path: string;
  profileOnly: boolean;
}

const DEMO_PROVIDERS: DemoProvider[] = [
  {
    slot: 'implicit',
    name: 'OHIF (implicit)',
    path: '/.well-known/kheops-report-configuration-implicit',
    profileOnly: false,
  },
  { slot: 'code', name: 'OHIF', path: '/.well-known/kheops-report-configuration', profileOnly: true },
  {
    slot: 'thirdParty',
    name: 'OHIF (third-party login)',
    path: '/.well-known/kheops-report-configuration-tpl',
    profileOnly: true,
  },
];

/** Registers the viewer on the demo album through POST /api/albums/{album}/reportproviders, as an album admin would. */
export async function registerDemoProviders(
  ctx: SandboxContext,
  fetchApi: typeof fetch = fetch,
): Promise<void> {
  const userToken = await ctx.tokens.issueUserToken(DEMO_USER.sub);
  for (const demo of DEMO_PROVIDERS) {
    if (demo.profileOnly && ctx.options.profile !== 'ohif') continue;
    const url = `${ctx.urls.viewer}${demo.path}`;
    const res = await fetchApi(`${ctx.urls.api}/albums/${DEMO_ALBUM_ID}/reportproviders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${userToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ url, name: demo.name }).toString(),
    });
    const body = (await res.json().catch(() => ({}))) as {
      client_id?: string;
      error?: string;
      detail?: string;
    };
    if (res.status !== 201 || !body.client_id) {
      throw new Error(
        `registering the viewer's report-provider configuration ${url} failed: HTTP ${res.status} ${body.error ?? body.detail ?? ''} (is the viewer origin serving it?)`,
      );
    }
    ctx.clients[demo.slot] = body.client_id;
    ctx.log(`registered report provider "${demo.name}" as client ${body.client_id}`);
  }
}
