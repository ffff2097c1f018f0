// What KHEOPS's own ohifservermetadata hands OHIF (DICOMwebProxy/.../ohif/OHIFMetadataResource.java),
// minus staticWado; a deployer's configuration overrides these. The probe (probe/) derives its headers from them.
export const KHEOPS_DEFAULTS = {
  qidoSupportsIncludeField: true,
  imageRendering: 'wadors',
  thumbnailRendering: 'wadors',
  enableStudyLazyLoad: true,
  supportsFuzzyMatching: false,
  supportsWildcard: true,
  omitQuotationForMultipartRequest: false,
  singlepart: 'bulkdata,video',
  dicomUploadEnabled: false,
  supportsReject: false,
} as const;
