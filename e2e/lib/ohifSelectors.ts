// The OHIF markup the e2e helpers rely on, per prebuilt OHIF version: the one place where versions differ.
// Which version a test talks to: the sandbox's --ohif-version, else env OHIF_VERSION, else ohif-versions.json's default.
import { ohifVersionFromEnv } from '../../sandbox/src/ohifVersions';

export interface OhifSelectors {
  readonly version: string;
  /** The tracked-measurements side panel and the button that opens it. */
  readonly measurementsPanel: string;
  readonly measurementsPanelButton: string;
  /** One element per measurement in the panel, whose text is its primary value (e.g. "42.1 mm"). */
  readonly measurementValue: string;
  /** The Length tool (primary) and the menu of the other measurement tools (secondary) in the toolbar. */
  readonly lengthTool: string;
  readonly moreMeasurementTools: string;
  /** A tool in that menu, by its cornerstone tool name (EllipticalROI, PlanarFreehandROI…). */
  measurementTool(toolName: string): string;
  /** "Track measurements?" → yes, asked on the first measurement of a series. */
  readonly beginTrackingYes: string;
  /** OHIF's "Create Report" dialog: the report name and its save button. */
  readonly reportNameInput: string;
  readonly reportSaveButton: string;
  /** The panel button that opens that dialog. */
  readonly createReportButton: RegExp;
}

/** 3.13 and the 3.14 line: each row is `measurement-table-row-<i>`, its value in `data-row-details-primary`. */
const OHIF_3_13: OhifSelectors = {
  version: '3.13',
  measurementsPanel: '[data-cy="trackedMeasurements-panel"]',
  measurementsPanelButton: '[data-cy="trackedMeasurements-btn"]',
  measurementValue: '[data-cy^="measurement-table-row-"] [data-cy="data-row-details-primary"]',
  lengthTool: '[data-cy="MeasurementTools-split-button-primary"]',
  moreMeasurementTools: '[data-cy="MeasurementTools-split-button-secondary"]',
  measurementTool: (toolName) => `[data-cy="${toolName}"]`,
  beginTrackingYes: '[data-cy="prompt-begin-tracking-yes-btn"]',
  reportNameInput: '[data-cy="dialog-input"]',
  reportSaveButton: '[data-cy="input-dialog-save-button"] button, [data-cy="input-dialog-save-button"]',
  createReportButton: /Create SR/,
};

/**
 * 3.11 and 3.12 (ui-next DataRow before 3.13): rows have no per-row data-cy and the details carry none; the values
 * sit in the element right after the row's `data-row` header, primary first (the secondary ones nest deeper).
 */
const OHIF_3_11_TO_3_12: OhifSelectors = {
  ...OHIF_3_13,
  version: '3.11–3.12',
  measurementValue: '[data-cy="data-row"] + div > div > div.cursor-help',
};

function minorOf(version: string): number {
  const m = /^3\.(\d+)\./.exec(version);
  if (!m) throw new Error(`not an OHIF 3 version: ${version}`);
  return Number(m[1]);
}

/** Any OHIF 3.11 or later, prebuilt or built from source (e.g. "3.12.5", "3.14.0-beta.12"). */
export function ohifSelectors(version: string): OhifSelectors {
  if (minorOf(version) < 11) throw new Error(`no e2e selectors for OHIF ${version} (3.11 or later)`);
  const selectors = minorOf(version) >= 13 ? OHIF_3_13 : OHIF_3_11_TO_3_12;
  return { ...selectors, version };
}

/** The version a sandbox started with these arguments serves (the same rule as sandbox/src/config.ts). */
export function ohifVersionOf(sandboxArgs: readonly string[] = []): string {
  const i = sandboxArgs.indexOf('--ohif-version');
  if (i >= 0 && sandboxArgs[i + 1]) return sandboxArgs[i + 1]!;
  return ohifVersionFromEnv();
}

/** The selectors of the OHIF a suite started without --ohif-version talks to. */
export const defaultOhif = (): OhifSelectors => ohifSelectors(ohifVersionOf());
