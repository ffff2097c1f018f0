import { SaveNow } from './SaveNow';

describe('SaveNow', () => {
  it('opens the save prompt for the study with unsaved measurements', () => {
    const prompt = jest.fn();
    new SaveNow(prompt, () => '1.2.4').run();
    expect(prompt.mock.calls).toEqual([['1.2.4']]);
  });

  it('does nothing when everything is saved', () => {
    const prompt = jest.fn();
    new SaveNow(prompt, () => undefined).run();
    expect(prompt).not.toHaveBeenCalled();
  });
});
