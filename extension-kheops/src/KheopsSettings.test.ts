import {
  DefaultSessionTiming,
  DefaultWarningTimes,
  KheopsSettingsStore,
  SettingsError,
} from './KheopsSettings';

const base = { trustedOrigins: ['https://kheops.example'] };

describe('KheopsSettingsStore', () => {
  it('fills every default and passes OHIF knobs through', () => {
    const s = new KheopsSettingsStore({ ...base, thumbnailRendering: 'wadors', friendlyName: 'KHEOPS' });
    expect(s.route).toBe('/kheops');
    expect(s.scope).toBe('openid read write');
    expect(s.legacyTokenLifetimeMs).toBe(18_000_000);
    expect(s.session).toEqual(DefaultSessionTiming);
    expect(s.warnings).toEqual(DefaultWarningTimes);
    expect(s.debug).toBe(false);
    expect(s.dicomweb).toEqual({ thumbnailRendering: 'wadors', friendlyName: 'KHEOPS' });
  });

  it('lets a deployer tune the refresh lead and warning times without touching the rest', () => {
    const s = new KheopsSettingsStore({
      ...base,
      session: { maxRefreshLeadMs: 120_000 },
      warnings: { warnBeforeMs: [300_000] },
    });
    expect(s.session.maxRefreshLeadMs).toBe(120_000);
    expect(s.session.expirySkewMs).toBe(DefaultSessionTiming.expirySkewMs);
    expect(s.warnings.warnBeforeMs).toEqual([300_000]);
    expect(s.warnings.failuresBeforeWarning).toBe(2);
  });

  it('warns once about an unknown key inside a group and ignores it', () => {
    const warn = jest.fn();
    const s = new KheopsSettingsStore({ ...base, session: { maxRefreshLeadMS: 1 } as never }, warn);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('session.maxRefreshLeadMS');
    expect(s.session.maxRefreshLeadMs).toBe(60_000);
  });

  it.each([
    [{}, 'trustedOrigins'],
    [{ trustedOrigins: [] }, 'trustedOrigins'],
    [{ ...base, route: 3 }, 'route'],
    [{ ...base, legacyTokenLifetimeSeconds: -1 }, 'legacyTokenLifetimeSeconds'],
    [{ ...base, session: { backoffMs: 'soon' } }, 'session.backoffMs'],
    [{ ...base, save: { retryDelaysMs: 1000 } }, 'save.retryDelaysMs'],
    [{ ...base, drafts: [] }, 'drafts'],
    [{ ...base, debug: 'yes' }, 'debug'],
  ])('refuses %j naming %s', (given, key) => {
    expect(() => new KheopsSettingsStore(given as never)).toThrow(SettingsError);
    expect(() => new KheopsSettingsStore(given as never)).toThrow(key);
  });

  it('lists client ids of either shape', () => {
    expect(
      new KheopsSettingsStore({ ...base, clientIds: { code: 'a', thirdParty: 'b' } }).clientIdList(),
    ).toEqual(['a', 'b']);
    expect(new KheopsSettingsStore({ ...base, clientIds: ['x', ''] }).clientIdList()).toEqual(['x']);
  });
});
