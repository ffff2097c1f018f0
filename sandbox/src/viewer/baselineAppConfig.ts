import { ohifAppConfigBase, renderAppConfig } from './ohifAppConfigBase';

/** Plain OHIF on the unauthenticated same-origin pass-through (reference/test-stack-recipe.md §5). */
export function buildBaselineAppConfig(baselineOrigin: string): string {
  const root = `${baselineOrigin}/dicom-web`;
  return renderAppConfig({
    ...ohifAppConfigBase('baseline-viewer'),
    showStudyList: true,
    extensions: [],
    modes: [],
    defaultDataSourceName: 'baseline',
    dataSources: [
      {
        namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
        sourceName: 'baseline',
        configuration: {
          friendlyName: 'Orthanc (baseline, no authentication)',
          name: 'baseline',
          wadoUriRoot: `${baselineOrigin}/wado`,
          qidoRoot: root,
          wadoRoot: root,
          qidoSupportsIncludeField: true,
          supportsReject: false,
          dicomUploadEnabled: false,
          // 'thumbnail' would 404 on the DICOMweb plugin 1.7.
          imageRendering: 'wadors',
          thumbnailRendering: 'wadors',
          enableStudyLazyLoad: true,
          supportsFuzzyMatching: false,
          supportsWildcard: true,
          staticWado: false,
          singlepart: 'bulkdata,video',
          bulkDataURI: { enabled: true },
          omitQuotationForMultipartRequest: true,
        },
      },
    ],
  });
}
