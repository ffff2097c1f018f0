import { LONGITUDINAL, longitudinalMode } from './longitudinalMode';
import type { ModeInstance } from './types';

const base = (): ModeInstance => ({
  id: 'longitudinal',
  routeName: 'viewer',
  displayName: 'Basic Viewer',
  extensions: {},
  routes: [{ path: 'longitudinal' }],
});

describe('longitudinalMode', () => {
  it("asks OHIF for the longitudinal mode's module and takes its modeInstance (OHIF ≥ 3.12)", async () => {
    const loadModules = jest.fn(async () => [{ modeInstance: base() }]);
    await expect(longitudinalMode(loadModules)).resolves.toMatchObject({ id: 'longitudinal' });
    expect(loadModules).toHaveBeenCalledWith([LONGITUDINAL]);
  });

  it('builds it with its modeFactory when the module has no modeInstance (OHIF 3.11)', async () => {
    const modeFactory = jest.fn(() => base());
    const loadModules = async () => [{ modeFactory }];
    await expect(longitudinalMode(loadModules)).resolves.toMatchObject({ routeName: 'viewer' });
    expect(modeFactory).toHaveBeenCalledWith({ modeConfiguration: {}, loadModules });
  });

  it('prefers modeInstance when a module carries both', async () => {
    const modeFactory = jest.fn(() => ({ ...base(), id: 'from factory' }));
    await expect(
      longitudinalMode(async () => [{ modeInstance: base(), modeFactory }]),
    ).resolves.toMatchObject({
      id: 'longitudinal',
    });
    expect(modeFactory).not.toHaveBeenCalled();
  });

  it.each([
    ['no module', async () => [], /needs @ohif\/mode-longitudinal/],
    ['a module with neither shape', async () => [{}], /needs @ohif\/mode-longitudinal/],
    ['a mode without routes', async () => [{ modeInstance: { ...base(), routes: [] } }], /has no route/],
  ])('throws, saying why, for %s', async (_what, loadModules, message) => {
    await expect(longitudinalMode(loadModules)).rejects.toThrow(message);
  });
});
