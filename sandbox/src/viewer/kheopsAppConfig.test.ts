import { parseOptions } from '../config';
import type { SandboxContext } from '../context';
import { KheopsSettingsStore } from '../../../extension-kheops/src/KheopsSettings';
import { dicomwebKnobWarnings } from '../../../extension-kheops/src/ohif/dicomwebKeys';
import { buildKheopsAppConfig, KHEOPS_EXTENSION_URL } from './kheopsAppConfig';

function render(cliBuild: boolean): { config: Record<string, unknown>; text: string } {
  const ctx = {
    options: { cliBuild },
    urls: {
      root: 'http://127.0.0.1:8080',
      api: 'http://127.0.0.1:8080/api',
      viewer: 'http://127.0.0.1:3000',
    },
    clients: { code: 'c1' },
  } as unknown as SandboxContext;
  const text = buildKheopsAppConfig(ctx);
  const window: { config?: Record<string, unknown> } = {};
  // app-config.js is a classic script; the hook only runs on launch URLs.
  new Function('window', 'location', text)(window, { search: '', hash: '' });
  return { config: window.config!, text };
}

describe('viewer app-config.js', () => {
  test('prebuilt OHIF: the runtime extension and mode are listed, the early hook imports the extension', () => {
    const { config, text } = render(false);
    expect(config.extensions).toEqual([KHEOPS_EXTENSION_URL]);
    expect(config.modes).toEqual(['/kheops-plugins/mode-kheops.mjs']);
    expect(text).toContain(`import("${KHEOPS_EXTENSION_URL}")`);
  });

  test('--cli-build: no runtime extensions or modes (they are bundled), same data source and early hook', () => {
    const { config, text } = render(true);
    // Empty arrays, not absent: OHIF 3.12's appInit iterates them.
    expect(config.extensions).toEqual([]);
    expect(config.modes).toEqual([]);
    expect(config.defaultDataSourceName).toBe('kheops');
    expect(JSON.stringify(config.dataSources)).toContain(
      '@kheops-ohif/extension-kheops.dataSourcesModule.kheops',
    );
    expect(text).toContain(`import("${KHEOPS_EXTENSION_URL}")`);
  });

  test('--cli-build is off unless given', () => {
    expect(parseOptions([], {}).cliBuild).toBe(false);
    expect(parseOptions(['--cli-build'], {}).cliBuild).toBe(true);
  });

  test('the KHEOPS data source configuration is valid settings, with no knob the extension overrides or ignores', () => {
    const { config } = render(false);
    const entry = (config.dataSources as Array<{ configuration: Record<string, unknown> }>)[0]!;
    const warnings: string[] = [];
    const store = new KheopsSettingsStore(entry.configuration as never, (m) => warnings.push(m));
    expect([...warnings, ...dicomwebKnobWarnings(store.dicomweb)]).toEqual([]);
    expect(Object.keys(store.dicomweb)).toEqual(['friendlyName']);
  });
});
