// Names OHIF knows this extension and its neighbours by. Only the OHIF adapter (this folder) uses them.

/** OHIF's own DICOMweb data source, which the KHEOPS data source wraps (@ohif/extension-default). */
export const DICOMWEB_MODULE = '@ohif/extension-default.dataSourcesModule.dicomweb';
/** The cornerstone extension's utility module, for cornerstone's annotation state (no import of it). */
export const CORNERSTONE_COMMON = '@ohif/extension-cornerstone.utilityModule.common';
/** OHIF's save-report prompt (@ohif/extension-default commandsModule), what "Save now" runs. */
export const SAVE_REPORT_COMMAND = 'promptSaveReport';
/** Marks a viewport in OHIF's DOM: present once the viewer shows a study (and its notification area). */
export const VIEWPORT_MARKER = '[data-viewportid]';
/** The service the mode reads the session from. */
export const SESSION_SERVICE = 'kheopsSessionService';
/** The data source name this extension registers. */
export const DATA_SOURCE_NAME = 'kheops';

export function dataSourceNamespace(extensionId: string): string {
  return `${extensionId}.dataSourcesModule.${DATA_SOURCE_NAME}`;
}
