import { SaveNow } from './SaveNow';

describe('SaveNow', () => {
  it("opens OHIF's own save prompt for the study with unsaved measurements, and only its measurements", () => {
    const runCommand = jest.fn();
    new SaveNow({ runCommand }, () => '1.2.4').run();
    expect(runCommand).toHaveBeenCalledTimes(1);
    const [name, props] = runCommand.mock.calls[0]!;
    expect(name).toBe('promptSaveReport');
    expect(props.StudyInstanceUID).toBe('1.2.4');
    expect(props.measurementFilter({ referenceStudyUID: '1.2.4' })).toBe(true);
    expect(props.measurementFilter({ referenceStudyUID: '1.2.3' })).toBe(false);
  });

  it('does nothing when everything is saved', () => {
    const runCommand = jest.fn();
    new SaveNow({ runCommand }, () => undefined).run();
    expect(runCommand).not.toHaveBeenCalled();
  });
});
