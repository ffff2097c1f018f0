import type { LaunchError } from '../launch/LaunchError';
import { OhifApp } from '../ohif/OhifApp';
import type { ExtensionManager, RouteArgs, ServicesManager, WebApiDataSource } from '../ohif/types';
import type { ReadyLaunch } from '../startLaunch';
import { bulkDataTransform } from './bulkDataTransform';
import { EndpointPolicy } from './EndpointPolicy';
import { KHEOPS_DEFAULTS } from './kheopsDefaults';

/**
 * The KHEOPS data source: OHIF's own DICOMweb data source, pointed at the endpoint the launch established and
 * restricted to the studies the launch granted. Tokens are not its business (the request guard and the session
 * handle them), nor are saves (SaveSafety, started by the runtime).
 */
export function createKheopsDataSource(
  launch: Pick<ReadyLaunch, 'endpoint' | 'context'>,
  /** OHIF's DICOMweb knobs from the configuration (KheopsSettingsStore.dicomweb). */
  knobs: Readonly<Record<string, unknown>>,
  servicesManager: ServicesManager,
  extensionManager: ExtensionManager,
  onRefused: (message: string) => void,
): WebApiDataSource {
  const policy = new EndpointPolicy(launch.endpoint);
  const ds = OhifApp.createDicomWebDataSource(
    {
      ...KHEOPS_DEFAULTS,
      ...knobs,
      name: 'kheops',
      qidoRoot: policy.endpoint,
      wadoRoot: policy.endpoint,
      wadoUriRoot: `${policy.endpoint}/wado`,
      staticWado: false,
      bulkDataURI: { enabled: true, relativeResolution: 'studies', transform: bulkDataTransform(policy) },
    },
    servicesManager,
    extensionManager,
  );

  const granted = new Set(launch.context.studyUIDs);
  const innerGetUIDs = ds.getStudyInstanceUIDs?.bind(ds);
  ds.getStudyInstanceUIDs = (args: RouteArgs) => {
    const asked = innerGetUIDs?.(args) ?? [];
    const allowed = asked.filter((s) => granted.has(s));
    if (asked.length && allowed.length < asked.length) {
      onRefused(
        'The address asked for a study this KHEOPS launch does not grant; showing the launched study instead.',
      );
    }
    return allowed.length ? allowed : [...launch.context.studyUIDs];
  };

  const studies = ds.query.studies;
  if (studies && typeof studies.search === 'function') {
    const search = studies.search.bind(studies) as (
      ...a: unknown[]
    ) => Promise<Array<Record<string, unknown>>>;
    studies.search = async (...args: unknown[]) => {
      const rows = (await search(...args)) ?? [];
      return rows.filter((r) => granted.has(String(r.studyInstanceUid ?? r.StudyInstanceUID ?? '')));
    };
  }
  return ds;
}

/** Stands in for the data source when the launch failed: nothing is requested, every call says why. */
export function createRefusedDataSource(error: LaunchError): WebApiDataSource {
  const refuse = () => Promise.reject(error);
  return {
    initialize: () => undefined,
    getStudyInstanceUIDs: () => [],
    getConfig: () => ({ dicomUploadEnabled: false }),
    query: { studies: { search: refuse }, series: { search: refuse }, instances: { search: refuse } },
    retrieve: { series: { metadata: refuse } },
    store: { dicom: refuse },
  };
}
