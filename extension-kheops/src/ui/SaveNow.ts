/**
 * "Save now" from a session notice: OHIF's own save-report prompt (OhifApp.promptSaveReport), limited to one
 * launched study's measurements. The SR it builds then goes through the KHEOPS save queue like any other save.
 */
export class SaveNow {
  constructor(
    private readonly promptSaveReport: (studyUID: string) => unknown,
    /** The launched study with measurements not yet handed to a save (the draft keeper knows). */
    readonly pendingStudy: () => string | undefined,
  ) {}

  run(): void {
    const study = this.pendingStudy();
    if (study) this.promptSaveReport(study);
  }
}
