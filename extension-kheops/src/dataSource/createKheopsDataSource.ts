import { OWN_KEYS, type KheopsConfiguration } from '../KheopsConfiguration';
import type { LaunchError } from '../launch/LaunchError';
import type {
  DataSourceModuleEntry,
  ExtensionManager,
  RouteArgs,
  ServicesManager,
  WebApiDataSource,
} from '../ohif/types';
import type { ReadyLaunch } from '../startLaunch';
import { DraftKeeper } from '../saveSafety/DraftKeeper';
import { IndexedDbDraftStore } from '../saveSafety/DraftStore';
import { installSafeStore } from '../saveSafety/installSafeStore';
import { ohifDraftHost } from '../saveSafety/ohifDraftHost';
import { saveScope } from '../saveSafety/scope';
import { bulkDataTransform } from './bulkDataTransform';
import { EndpointPolicy } from './EndpointPolicy';
import { KHEOPS_DEFAULTS } from './kheopsDefaults';

const DICOMWEB = '@ohif/extension-default.dataSourcesModule.dicomweb';

function status(err: unknown): number | undefined {
  const e = err as
    { status?: number; request?: { status?: number }; response?: { status?: number } } | undefined;
  return e?.status ?? e?.request?.status ?? e?.response?.status;
}

/** Calls `fn`; after a 401 from KHEOPS, refreshes once and calls it once more. */
function retryingOn401<A extends unknown[], R>(
  launch: ReadyLaunch,
  fn: (...a: A) => Promise<R>,
): (...a: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      if (status(err) !== 401 || !launch.session.snapshot().refreshable) throw err;
      await launch.session.refresh();
      return fn(...args);
    }
  };
}

function wrapMethods(
  target: Record<string, unknown> | undefined,
  names: string[],
  launch: ReadyLaunch,
): void {
  if (!target) return;
  for (const name of names) {
    const fn = target[name];
    if (typeof fn === 'function')
      target[name] = retryingOn401(launch, (fn as (...a: unknown[]) => Promise<unknown>).bind(target));
  }
}

/**
 * The KHEOPS data source: OHIF's own DICOMweb data source, pointed at the endpoint the launch established,
 * restricted to the studies the launch granted, with a single 401 retry on the calls it controls.
 */
export function createKheopsDataSource(
  launch: ReadyLaunch,
  configuration: KheopsConfiguration,
  servicesManager: ServicesManager,
  extensionManager: ExtensionManager,
  onRefused: (message: string) => void,
  onDrafts: (drafts: DraftKeeper) => void = () => undefined,
): WebApiDataSource {
  const entry = extensionManager.getModuleEntry(DICOMWEB) as DataSourceModuleEntry | undefined;
  if (!entry) throw new Error(`KHEOPS data source needs ${DICOMWEB} (OHIF's default extension)`);
  const knobs = Object.fromEntries(
    Object.entries(configuration).filter(([k]) => !(OWN_KEYS as readonly string[]).includes(k)),
  );
  const policy = new EndpointPolicy(launch.endpoint);
  const ds = entry.createDataSource(
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
  wrapMethods(ds.query.studies, ['search'], launch);
  wrapMethods(ds.query.series, ['search'], launch);
  wrapMethods(ds.query.instances, ['search'], launch);
  wrapMethods(ds.retrieve.series as Record<string, unknown> | undefined, ['metadata'], launch);
  const drafts = new DraftKeeper(
    new IndexedDbDraftStore(),
    (studyUID) => saveScope(launch.endpoint, studyUID, launch.user),
    launch.context.studyUIDs,
    ohifDraftHost(servicesManager, extensionManager, ds),
  );
  installSafeStore(ds, launch, servicesManager, (studyUID) => drafts.beginSave(studyUID));
  void drafts.start();
  onDrafts(drafts);
  window.addEventListener('pagehide', () => void drafts.flush());
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
