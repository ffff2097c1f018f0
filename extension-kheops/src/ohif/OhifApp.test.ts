import { FakeDocument } from '../testing/FakeDocument';
import { DICOMWEB_MODULE } from './names';
import { OhifApp } from './OhifApp';
import type { AppConfig, ServicesManager, WebApiDataSource } from './types';

function app(appConfig: AppConfig = {}, withCommands = true) {
  let impl: {
    getAuthorizationHeader?: () => Record<string, string> | undefined;
    handleUnauthenticated?: () => unknown;
  } = {};
  const shown: unknown[] = [];
  const registered: Array<{ name: string; create: (a: unknown) => unknown }> = [];
  const deleted: string[] = [];
  const servicesManager: ServicesManager = {
    services: {
      userAuthenticationService: { setServiceImplementation: (i) => void (impl = i) },
      uiNotificationService: { show: (n) => void shown.push(n) },
      displaySetService: {
        getActiveDisplaySets: () => [
          { displaySetInstanceUID: 'ds-sr', instances: [{ SOPInstanceUID: 'sr-1' }] },
          { displaySetInstanceUID: 'ds-ct', SOPInstanceUID: 'ct-1' },
        ],
        deleteDisplaySet: (uid: string) => void deleted.push(uid),
      },
    },
    registerService: (r) => void registered.push(r),
  };
  const runCommand = jest.fn();
  const document = new FakeDocument();
  const win = { document, setInterval, clearInterval, setTimeout } as never;
  const ohif = new OhifApp(servicesManager, appConfig, win, withCommands ? { runCommand } : undefined);
  return { ohif, impl: () => impl, shown, registered, deleted, runCommand, document, appConfig };
}

describe('OhifApp (the OHIF adapter)', () => {
  test("OHIF's hooks only report: the current bearer, and a 401 told to the session — never a redirect", () => {
    const previous = jest.fn();
    const { ohif, impl, appConfig } = app({ httpErrorHandler: previous });
    const unauthorized = jest.fn();
    let token: string | undefined = 't1';
    ohif.reportAuthTo({ currentToken: () => token, unauthorized });
    expect(impl().getAuthorizationHeader!()).toEqual({ Authorization: 'Bearer t1' });
    token = undefined;
    expect(impl().getAuthorizationHeader!()).toBeUndefined();
    expect(impl().handleUnauthenticated!()).toBeNull();
    appConfig.httpErrorHandler!({ status: 401 });
    expect(unauthorized).toHaveBeenCalledTimes(2);
    appConfig.httpErrorHandler!({ status: 500 });
    expect(previous).toHaveBeenCalledWith({ status: 500 });
    expect(unauthorized).toHaveBeenCalledTimes(2);
  });

  test('tells when the viewer shows its first viewport, once', () => {
    jest.useFakeTimers();
    try {
      const { ohif, document } = app();
      const ready = jest.fn();
      ohif.whenViewerShown(ready);
      jest.advanceTimersByTime(2_000);
      expect(ready).not.toHaveBeenCalled();
      document.present.add('[data-viewportid]');
      jest.advanceTimersByTime(2_000);
      expect(ready).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });

  test('holds notices given before the first viewport (OHIF has no notification area yet), then shows them in order', () => {
    jest.useFakeTimers();
    try {
      const { ohif, shown, document } = app();
      ohif.show({ title: 'T', message: 'first', type: 'warning', duration: 1 });
      ohif.show({ title: 'T', message: 'second', type: 'info', duration: 1 });
      jest.advanceTimersByTime(2_000);
      expect(shown).toEqual([]);
      document.present.add('[data-viewportid]');
      jest.advanceTimersByTime(1_000);
      ohif.show({ title: 'T', message: 'third', type: 'info', duration: 1 });
      expect(shown.map((n) => (n as { message: string }).message)).toEqual(['first', 'second', 'third']);
    } finally {
      jest.useRealTimers();
    }
  });

  test("runs OHIF's own save prompt, limited to one study's measurements", () => {
    const { ohif, runCommand } = app();
    expect(ohif.canPromptSaveReport).toBe(true);
    expect(ohif.promptSaveReport('1.2.4')).toBe(true);
    const [name, props] = runCommand.mock.calls[0]!;
    expect(name).toBe('promptSaveReport');
    expect(props.StudyInstanceUID).toBe('1.2.4');
    expect(props.measurementFilter({ referenceStudyUID: '1.2.4' })).toBe(true);
    expect(props.measurementFilter({ referenceStudyUID: '1.2.3' })).toBe(false);
    expect(app({}, false).ohif.canPromptSaveReport).toBe(false);
  });

  test("forgets an SR that is not in KHEOPS, and nothing else, once OHIF's save flow has handled the failure", () => {
    jest.useFakeTimers();
    try {
      const { ohif, deleted } = app();
      ohif.forgetReport('sr-1');
      expect(deleted).toEqual([]); // OHIF's study browser would keep a display set deleted now, and fail on it
      jest.advanceTimersByTime(0);
      expect(deleted).toEqual(['ds-sr']);
    } finally {
      jest.useRealTimers();
    }
  });

  test('shows notices and registers services through OHIF', () => {
    const { ohif, shown, registered, document } = app();
    document.present.add('[data-viewportid]');
    ohif.show({ title: 'T', message: 'M', type: 'info', duration: 1 });
    ohif.registerService('kheopsSessionService', { style: 'L1' });
    expect(shown).toEqual([{ title: 'T', message: 'M', type: 'info', duration: 1 }]);
    expect(registered[0]!.name).toBe('kheopsSessionService');
    expect(registered[0]!.create(undefined)).toEqual({ style: 'L1' });
  });

  test("finds the KHEOPS entry of app-config's dataSources", () => {
    const configuration = { trustedOrigins: ['https://k'] };
    const appConfig: AppConfig = {
      dataSources: [
        { namespace: 'other', sourceName: 'x', configuration: {} },
        {
          namespace: '@kheops-ohif/extension-kheops.dataSourcesModule.kheops',
          sourceName: 'kheops',
          configuration,
        },
      ],
    };
    expect(OhifApp.kheopsConfiguration(appConfig, '@kheops-ohif/extension-kheops')).toBe(configuration);
    expect(OhifApp.kheopsConfiguration({}, '@kheops-ohif/extension-kheops')).toBeUndefined();
  });

  test("needs OHIF's DICOMweb data source", () => {
    expect(() =>
      OhifApp.createDicomWebDataSource({}, {} as never, { getModuleEntry: () => undefined }),
    ).toThrow(DICOMWEB_MODULE);
  });

  test("takes the STOW body OHIF builds instead of sending it, and hands OHIF's save flow the outcome", async () => {
    // What dicomweb-client does with options.request: open, headers, send; OHIF's store.dicom awaits it.
    const inner = jest.fn(async (_dataset: unknown, request: unknown) => {
      const xhr = request as XMLHttpRequest;
      xhr.open('POST', 'ignored');
      xhr.setRequestHeader('Content-Type', 'multipart/related; boundary=b');
      xhr.setRequestHeader('Authorization', 'Bearer must-not-be-kept');
      xhr.send(new Uint8Array([7, 8]));
    });
    const ds = { store: { dicom: inner } } as unknown as WebApiDataSource;
    const saves: unknown[] = [];
    OhifApp.interceptStore(ds, async (dataset, payload) => {
      const p = await payload();
      saves.push({ dataset, contentType: p.contentType, bytes: [...new Uint8Array(p.body)] });
      throw new Error('kept locally');
    });
    const dataset = { StudyInstanceUID: '1.2', SOPInstanceUID: 'sr-1' };
    await expect(ds.store.dicom!(dataset, undefined, {})).rejects.toThrow('kept locally');
    expect(saves).toEqual([{ dataset, contentType: 'multipart/related; boundary=b', bytes: [7, 8] }]);
    expect(JSON.stringify(saves)).not.toContain('must-not-be-kept');
  });
});
