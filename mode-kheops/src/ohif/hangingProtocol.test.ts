import { deferRemainingSeries, registerPreferringProtocol, setMinSeriesLoaded } from './hangingProtocol';
import type { HangingProtocol, HangingProtocolService, RequiredSeries, SeriesRetrieval } from './types';

function hps(protocols: Map<string, HangingProtocol> = new Map()): HangingProtocolService {
  return {
    addProtocol: (id, p) => void protocols.set(id, p),
    getProtocolById: (id) => {
      const p = protocols.get(id);
      if (!p) throw new Error(`No protocol ${id} found`); // what OHIF's service does
      return p;
    },
    addCustomAttribute: jest.fn(),
  };
}

const attribute = { name: 'isFocus', label: 'focus', matches: () => true };

describe('registerPreferringProtocol / setMinSeriesLoaded', () => {
  it("without OHIF's default protocol registers nothing and says so", () => {
    const service = hps();
    expect(registerPreferringProtocol(service, 'p', attribute)).toBe(false);
    expect(service.addCustomAttribute).not.toHaveBeenCalled();
  });

  it('sets how many series hang the protocol, and ignores a protocol that is not registered', () => {
    const protocols = new Map<string, HangingProtocol>([['p', { id: 'p', displaySetSelectors: {} }]]);
    const service = hps(protocols);
    setMinSeriesLoaded(service, 'p', 1);
    expect(protocols.get('p')!.hpInitiationCriteria).toEqual({ minSeriesLoaded: 1 });
    setMinSeriesLoaded(service, 'p', undefined);
    expect(protocols.get('p')!.hpInitiationCriteria).toEqual({});
    expect(() => setMinSeriesLoaded(service, 'missing', 1)).not.toThrow();
  });
});

describe('deferRemainingSeries', () => {
  const split = (_: unknown, series: SeriesRetrieval[]): RequiredSeries => ({
    requiredSeries: series.slice(0, 1),
    remaining: series.slice(1),
  });

  it('leaves an OHIF without filterSeriesRequiredForRun alone, and does not open the gate', () => {
    const openGate = jest.fn(async () => undefined);
    const service = hps();
    deferRemainingSeries(service, openGate);
    expect(service.filterSeriesRequiredForRun).toBeUndefined();
    expect(openGate).not.toHaveBeenCalled();
  });

  it('does not wrap twice (a wrapper already in place is an own property)', () => {
    class Service {
      filterSeriesRequiredForRun = split;
    }
    const service = Object.assign(new Service(), hps());
    const openGate = jest.fn(async () => undefined);
    deferRemainingSeries(service, openGate);
    expect(service.filterSeriesRequiredForRun).toBe(split);
    expect(openGate).not.toHaveBeenCalled();
  });
});
