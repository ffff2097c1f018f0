import { id } from './id';

// Placeholder until the launch/session/data-source rooms land: the KHEOPS data source is OHIF's own
// DICOMweb data source pointed at the configured KHEOPS API, without authentication.
interface ExtensionManagerLike {
  getModuleEntry(id: string): { createDataSource(cfg: object, sm: unknown, em: unknown): unknown } | undefined;
}

const extension = {
  id,
  getDataSourcesModule() {
    return [
      {
        name: 'kheops',
        type: 'webApi',
        createDataSource(configuration: Record<string, unknown>, servicesManager: unknown, extensionManager: ExtensionManagerLike) {
          const dicomweb = extensionManager.getModuleEntry('@ohif/extension-default.dataSourcesModule.dicomweb');
          if (!dicomweb) throw new Error('KHEOPS data source: OHIF default DICOMweb data source not found');
          const origins = (configuration.trustedOrigins as string[] | undefined) ?? [];
          const api = `${origins[0] ?? window.location.origin}/api`;
          return dicomweb.createDataSource({ ...configuration, name: 'kheops', qidoRoot: api, wadoRoot: api }, servicesManager, extensionManager);
        },
      },
    ];
  },
};

export default extension;
