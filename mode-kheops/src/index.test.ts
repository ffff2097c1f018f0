import mode from './index';
import type { ModeInstance } from './ohif/types';

const longitudinal = (): ModeInstance => ({
  id: 'longitudinal',
  routeName: 'viewer',
  displayName: 'Basic Viewer',
  extensions: { '@ohif/extension-default': '^3.0.0' },
  routes: [{ path: 'longitudinal', layoutTemplate: () => ({ id: 'layout', props: {} }) } as never],
  isValidMode: () => ({ valid: true }),
});

describe('mode-kheops modeFactory', () => {
  beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('derives from the longitudinal modeInstance (OHIF ≥ 3.12)', async () => {
    const m = await mode.modeFactory({ loadModules: async () => [{ modeInstance: longitudinal() }] });
    expect(m).toMatchObject({ id: mode.id, routeName: 'kheops', routes: [expect.any(Object)] });
    expect(m.isValidMode?.({ modalities: 'CT' })).toEqual({ valid: true });
  });

  it('derives from the longitudinal modeFactory when there is no modeInstance (OHIF 3.11)', async () => {
    const factory = jest.fn(async () => longitudinal());
    const loadModules = async () => [{ modeFactory: factory }];
    const m = await mode.modeFactory({ loadModules });
    expect(factory).toHaveBeenCalledWith({ modeConfiguration: {}, loadModules });
    expect(m).toMatchObject({ routeName: 'kheops', routes: [expect.any(Object)] });
  });

  it.each([
    ['no longitudinal mode', async () => []],
    ['loadModules fails', async () => Promise.reject(new Error('chunk load failed'))],
    ['a longitudinal mode without routes', async () => [{ modeInstance: { ...longitudinal(), routes: [] } }]],
  ])(
    'never throws (which would blank OHIF) when %s: no route, and it says why',
    async (_what, loadModules) => {
      const m = await mode.modeFactory({ loadModules: loadModules as never });
      expect(m.routes).toEqual([]);
      const verdict = m.isValidMode?.({ modalities: 'CT' });
      expect(verdict?.valid).toBe(false);
      expect(verdict?.description).toMatch(/KHEOPS mode is unavailable: .+/);
      expect(console.error).toHaveBeenCalled();
    },
  );
});
