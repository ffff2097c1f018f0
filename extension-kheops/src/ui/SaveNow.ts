import type { CommandsManager } from '../ohif/types';

/**
 * "Save now" from a session notice: OHIF's own save-report prompt (the default extension's `promptSaveReport`
 * command, what the measurements panel runs outside tracking), limited to one launched study's measurements.
 * The SR it builds then goes through the KHEOPS save queue like any other save.
 */
export class SaveNow {
  constructor(
    private readonly commands: CommandsManager,
    /** The launched study with measurements not yet handed to a save (the draft keeper knows). */
    readonly pendingStudy: () => string | undefined,
  ) {}

  run(): void {
    const study = this.pendingStudy();
    if (!study) return;
    this.commands.runCommand('promptSaveReport', {
      StudyInstanceUID: study,
      measurementFilter: (m: { referenceStudyUID?: string }) => m.referenceStudyUID === study,
    });
  }
}
