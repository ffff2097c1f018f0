type Module = typeof import('./launchOncePerPage');

/** A fresh copy of the module, as a second bundle of the extension would have. */
function copy(): Module {
  let m: Module | undefined;
  jest.isolateModules(() => {
    m = jest.requireActual<Module>('./launchOncePerPage');
  });
  return m!;
}

describe('launchOncePerPage', () => {
  it.each([
    ['the early hook first, then the bundled preRegistration', 0],
    ['the bundled preRegistration first, then the hook', 1],
  ])('two copies of the extension share one launch: %s', async (_order, firstIndex) => {
    const page = {};
    const copies = [copy(), copy()];
    expect(copies[0]).not.toBe(copies[1]);
    const starts = [jest.fn(async () => 'outcome A'), jest.fn(async () => 'outcome B')];
    const first = copies[firstIndex]!.launchOncePerPage(page, starts[firstIndex]!);
    const second = copies[1 - firstIndex]!.launchOncePerPage(page, starts[1 - firstIndex]!);
    expect(second).toBe(first);
    const expected = firstIndex === 0 ? 'outcome A' : 'outcome B';
    expect(await second).toBe(expected);
    expect(starts[firstIndex]).toHaveBeenCalledTimes(1);
    expect(starts[1 - firstIndex]).not.toHaveBeenCalled();
  });

  it('gives another page its own launch', async () => {
    const m = copy();
    const a = m.launchOncePerPage({}, async () => 1);
    const b = m.launchOncePerPage({}, async () => 2);
    expect([await a, await b]).toEqual([1, 2]);
  });
});
