import { ConsoleLogger, once, scrub } from './logger';

describe('logger', () => {
  test('debug is silent unless the debug setting is on; warnings always go out', () => {
    const sink = { debug: jest.fn(), warn: jest.fn() };
    new ConsoleLogger(false, sink).debug('quiet');
    new ConsoleLogger(false, sink).warn('loud');
    expect(sink.debug).not.toHaveBeenCalled();
    expect(sink.warn).toHaveBeenCalledWith('KHEOPS: loud');
    new ConsoleLogger(true, sink).debug('now');
    expect(sink.debug).toHaveBeenCalledWith('KHEOPS: now');
  });

  test('never writes a token or a URL path', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const out = scrub(
      `sent Bearer abc.def to https://kheops.example:8443/api/studies/1.2.3/series/4.5 with ${jwt}`,
    );
    expect(out).not.toMatch(/abc\.def|1\.2\.3|4\.5|eyJ/);
    expect(out).toContain('https://kheops.example:8443/…');
    expect(scrub('refused a request to https://evil.example, which')).toBe(
      'refused a request to https://evil.example, which',
    );
  });

  test('once passes each distinct message on a single time', () => {
    const log = jest.fn();
    const warn = once(log);
    warn('a');
    warn('a');
    warn('b');
    expect(log.mock.calls).toEqual([['a'], ['b']]);
  });
});
