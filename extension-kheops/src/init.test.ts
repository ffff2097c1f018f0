import { getDataSourcesModule } from './getDataSourcesModule';
import { launchOnce, launchWithoutOhif, preRegistration, type Runtimes } from './init';
import { LaunchError } from './launch/LaunchError';
import { SettingsError } from './KheopsSettings';
import type { AppConfig, ServicesManager } from './ohif/types';
import * as launch from './startLaunch';
import { FakeDocument } from './testing/FakeDocument';

const NAMESPACE = '@kheops-ohif/extension-kheops.dataSourcesModule.kheops';

function page(configuration: Record<string, unknown>) {
  const document = new FakeDocument();
  const replaced: string[] = [];
  const win = {
    document,
    location: { pathname: '/kheops', href: 'https://viewer.example/kheops?code=SECRET&state=s' },
    history: { replaceState: (_d: unknown, _t: string, url: string) => replaced.push(url) },
  } as unknown as Window;
  const appConfig: AppConfig = {
    dataSources: [{ namespace: NAMESPACE, sourceName: 'kheops', configuration }],
  };
  const servicesManager = {
    services: { userAuthenticationService: { setServiceImplementation: jest.fn() } },
  } as unknown as ServicesManager;
  return { document, win, appConfig, servicesManager, replaced };
}

describe('preRegistration', () => {
  afterEach(() => jest.restoreAllMocks());

  test('a configuration that cannot work is shown as a configuration error, and nothing is launched', async () => {
    const start = jest.spyOn(launch, 'startLaunch');
    const { document, win, appConfig, servicesManager, replaced } = page({
      trustedOrigins: [],
      session: { backoffMs: -1 },
    });
    const runtimes: Runtimes = new WeakMap();
    await preRegistration({ servicesManager, appConfig } as never, runtimes, win);
    expect(start).not.toHaveBeenCalled();
    expect(replaced).toEqual(['/kheops']); // the launch's code and state leave the address bar all the same
    const screen = document.getElementById('kheops-launch-error')!;
    expect(screen.dataset.code).toBe('configuration');
    expect(screen.text()).toMatch(
      /not configured correctly.*trustedOrigins must list at least one KHEOPS origin/,
    );
    expect(screen.text()).not.toMatch(/token/i);
    expect(runtimes.get(servicesManager)).toBeInstanceOf(SettingsError);

    // The data source then refuses every call, without a request.
    const [module] = getDataSourcesModule(runtimes);
    const ds = module!.createDataSource({}, servicesManager, {} as never);
    await expect(ds.query.studies!.search!()).rejects.toThrow(/trustedOrigins/);
  });

  test('unknown keys are warned about once, and the launch goes on', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    jest.spyOn(launch, 'startLaunch').mockResolvedValue({ ok: false, error: new Error('x') as never });
    const { win, appConfig, servicesManager } = page({
      trustedOrigins: ['https://kheops.example'],
      thumbnailRenderng: 'wadors',
      warnings: { warnBefore: [1] },
    });
    await preRegistration({ servicesManager, appConfig } as never, new WeakMap(), win).catch(() => undefined);
    const said = warn.mock.calls.map((c) => String(c[0]));
    expect(said.filter((m) => /thumbnailRenderng/.test(m))).toHaveLength(1);
    expect(said.filter((m) => /warnings\.warnBefore/.test(m))).toHaveLength(1);
  });
});

describe('launchWithoutOhif (an L4 sign-in page the early hook stopped)', () => {
  afterEach(() => jest.restoreAllMocks());

  test('shows why the sign-in cannot start, since no preRegistration will', async () => {
    const refused = new LaunchError(
      'untrusted_origin',
      'The launch parameter "iss" is not a trusted KHEOPS.',
    );
    jest.spyOn(launch, 'startLaunch').mockResolvedValue({ ok: false, error: refused });
    const { document, win, appConfig } = page({ trustedOrigins: ['https://kheops.example'] });
    await launchWithoutOhif(win, appConfig);
    const screen = document.getElementById('kheops-launch-error')!;
    expect(screen.dataset.code).toBe('untrusted_origin');
    expect(screen.text()).toMatch(/could not be opened.*not a trusted KHEOPS/);
  });

  test('shows nothing while it leaves for the authorization server', async () => {
    jest.spyOn(launch, 'startLaunch').mockResolvedValue({ ok: 'redirecting' });
    const { document, win, appConfig } = page({ trustedOrigins: ['https://kheops.example'] });
    await launchWithoutOhif(win, appConfig);
    expect(document.getElementById('kheops-launch-error')).toBeNull();
  });
});

describe('launchOnce: the launch prefetch', () => {
  afterEach(() => jest.restoreAllMocks());

  test("keeps using the page's fetch of launch time when the request guard replaces window.fetch later", async () => {
    const series = JSON.stringify([{ '0020000E': { vr: 'UI', Value: ['1.2.3.4'] } }]);
    const original: string[] = [];
    const later: string[] = [];
    const { win, appConfig } = page({ trustedOrigins: ['https://kheops.example'] });
    const w = win as unknown as { fetch: (u: string) => Promise<Response> };
    let listSeries: () => void = () => undefined;
    w.fetch = async (u: string) => {
      original.push(u);
      if (!u.endsWith('/series?includefield=00080021%2C00080031%2C0008103E%2C00200011'))
        return new Response('[]', { status: 200 });
      await new Promise<void>((resolve) => (listSeries = resolve)); // answered after the guard is in
      return new Response(series, { status: 200 });
    };
    jest.spyOn(launch, 'startLaunch').mockResolvedValue({
      ok: true,
      style: 'L3',
      endpoint: 'https://kheops.example/api',
      session: { request: (u: string, i: RequestInit, f: typeof fetch) => f(u, i) } as never,
      context: { studyUIDs: ['1.2.3'], seriesUID: '1.2.3.4' },
    });
    const launched = await launchOnce(win, appConfig);
    w.fetch = async (u: string) => (later.push(u), new Response('[]', { status: 200 })); // the guard
    listSeries();
    await new Promise((resolve) => setTimeout(resolve, 10));
    if ('prefetch' in launched) launched.prefetch?.dispose();
    expect(original.some((u) => u.endsWith('/series/1.2.3.4/metadata'))).toBe(true);
    expect(later).toEqual([]);
  });
});
