/**
 * The configuration keys OHIF's DICOMweb data source reads (extensions/default/src/DicomWebDataSource/index.ts,
 * the DicomWebConfig type and what getConfig() callers read, OHIF 3.11–3.14). Any other key of the KHEOPS
 * configuration that is not a KHEOPS setting is most likely a typo: it is warned about once.
 */
export const OHIF_DICOMWEB_KEYS = [
  'name',
  'friendlyName',
  'qidoRoot',
  'wadoRoot',
  'wadoUri',
  'wadoUriRoot',
  'qidoSupportsIncludeField',
  'imageRendering',
  'thumbnailRendering',
  'thumbnailRequestStrategy',
  'supportsReject',
  'supportsStow',
  'singlepart',
  'requestTransferSyntaxUID',
  'acceptHeader',
  'omitQuotationForMultipartRequest',
  'supportsFuzzyMatching',
  'supportsWildcard',
  'supportsNativeDICOMModel',
  'enableRequestTag',
  'enableStudyLazyLoad',
  'bulkDataURI',
  'onConfiguration',
  'staticWado',
  'dicomUploadEnabled',
] as const;

/** Keys the KHEOPS data source sets itself from the launch: a value in the configuration is ignored. */
export const OVERRIDDEN_DICOMWEB_KEYS = [
  'name',
  'qidoRoot',
  'wadoRoot',
  'wadoUriRoot',
  'staticWado',
  'bulkDataURI',
] as const;

/** Warnings for the DICOMweb part of the configuration: unknown keys, and keys the extension overrides. */
export function dicomwebKnobWarnings(knobs: Readonly<Record<string, unknown>>): string[] {
  const known = OHIF_DICOMWEB_KEYS as readonly string[];
  const overridden = OVERRIDDEN_DICOMWEB_KEYS as readonly string[];
  return Object.keys(knobs).flatMap((key) => {
    if (!known.includes(key))
      return [
        `configuration.${key} is neither a KHEOPS setting nor an OHIF DICOMweb option; passed on to OHIF as written.`,
      ];
    if (overridden.includes(key) && key !== 'name')
      return [
        `configuration.${key} is set by the KHEOPS extension from the launch; the configured value is ignored.`,
      ];
    return [];
  });
}
