import { createKheopsDataSource, createRefusedDataSource } from './dataSource/createKheopsDataSource';
import type { Runtimes } from './init';
import { LaunchError } from './launch/LaunchError';
import { DATA_SOURCE_NAME } from './ohif/names';
import { ohifDraftHost } from './ohif/ohifDraftHost';
import type { ExtensionManager, ServicesManager, WebApiDataSource } from './ohif/types';
import { KheopsRuntime } from './runtime/KheopsRuntime';

/** OHIF's data sources module: the KHEOPS data source, built for the runtime preRegistration started. */
export function getDataSourcesModule(runtimes: Runtimes) {
  return [
    {
      name: DATA_SOURCE_NAME,
      type: 'webApi',
      createDataSource(
        _configuration: unknown,
        servicesManager: ServicesManager,
        extensionManager: ExtensionManager,
      ): WebApiDataSource {
        const runtime = runtimes.get(servicesManager);
        if (!(runtime instanceof KheopsRuntime))
          return createRefusedDataSource(
            runtime instanceof LaunchError
              ? runtime
              : // A configuration fault (already on screen) or no launch at all: nothing is requested.
                (Object.assign(new Error(runtime?.message ?? 'KHEOPS launch did not run'), {
                  code: 'configuration',
                }) as never),
          );
        // The runtime's settings are the configuration's, read once (the one OHIF passes is the same entry).
        const ds = createKheopsDataSource(
          runtime.launch,
          runtime.settings.dicomweb,
          servicesManager,
          extensionManager,
          (message) => runtime.ohif.show({ title: 'KHEOPS', message, type: 'warning', duration: 8000 }),
        );
        runtime.attachDataSource(ds, ohifDraftHost(servicesManager, extensionManager, ds, runtime.ohif));
        return ds;
      },
    },
  ];
}
