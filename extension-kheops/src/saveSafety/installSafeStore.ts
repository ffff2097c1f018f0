import type { ServicesManager, WebApiDataSource } from '../ohif/types';
import type { ReadyLaunch } from '../startLaunch';
import { CapturingRequest } from './CapturingRequest';
import { IndexedDbOutbox } from './IndexedDbOutbox';
import type { Outbox } from './Outbox';
import { SaveQueue, type SaveOutcome } from './SaveQueue';
import { saveScope } from './scope';
import { stowOverFetch } from './stowOverFetch';

interface DisplaySetLike {
  displaySetInstanceUID: string;
  SOPInstanceUID?: string;
  instances?: Array<{ SOPInstanceUID?: string }>;
}
interface DisplaySetService {
  getActiveDisplaySets(): DisplaySetLike[];
  deleteDisplaySet(uid: string): void;
}

/** Thrown to OHIF's save flow when KHEOPS does not have the SR: OHIF then keeps the measurements tracked. */
export class NotInKheopsError extends Error {
  override readonly name = 'NotInKheopsError';
}

/**
 * Replaces the data source's store.dicom: OHIF still builds the SR, the save queue uploads it (retries, refresh,
 * outbox), and "saved" is reported only when KHEOPS has it. Also uploads what a previous window left behind.
 */
export function installSafeStore(
  ds: WebApiDataSource,
  launch: ReadyLaunch,
  servicesManager: ServicesManager,
  /** Told when a save begins; the function it returns is called once the SR is stored or safe in the outbox. */
  onSaving: (studyUID: string) => () => unknown = () => () => undefined,
  outbox: Outbox = new IndexedDbOutbox(),
): (studyUID: string) => SaveQueue {
  const { uiNotificationService: notifications } = servicesManager.services;
  const displaySets = servicesManager.services.displaySetService as DisplaySetService | undefined;
  const innerStore = ds.store.dicom as (
    dataset: unknown,
    request: unknown,
    dicomDict: unknown,
  ) => Promise<unknown>;
  const transport = stowOverFetch(launch.endpoint);
  const queues = new Map<string, SaveQueue>();
  const announced = new Set<string>();

  const queueFor = (studyUID: string): SaveQueue => {
    let q = queues.get(studyUID);
    if (!q) {
      q = new SaveQueue(saveScope(launch.endpoint, studyUID, launch.user), outbox, transport, launch.session);
      q.onPendingChange((pending) => {
        if (pending.length === 0 && announced.has(studyUID)) {
          announced.delete(studyUID);
          notifications?.show({
            title: 'KHEOPS',
            message: 'Your report is now saved in KHEOPS.',
            type: 'success',
            duration: 6000,
          });
        }
      });
      queues.set(studyUID, q);
    }
    return q;
  };

  const tell = (studyUID: string, outcome: Exclude<SaveOutcome, { state: 'stored' }>) => {
    announced.add(studyUID);
    const message =
      outcome.state === 'refused'
        ? `${outcome.reason}. The report is kept on this computer; your measurements are still open.`
        : `Saved on this computer — not yet in KHEOPS (${outcome.reason}). It will be uploaded as soon as KHEOPS can be reached with a valid session.`;
    notifications?.show({
      title: 'Report not in KHEOPS yet',
      message,
      type: outcome.state === 'refused' ? 'error' : 'warning',
      duration: 20000,
    });
  };

  ds.store.dicom = async (dataset: unknown, _request: unknown, dicomDict: unknown) => {
    const d = dataset as { StudyInstanceUID?: string; SOPInstanceUID?: string };
    const studyUID = d.StudyInstanceUID ?? launch.context.studyUIDs[0]!;
    const handedOver = onSaving(studyUID);
    const capture = new CapturingRequest();
    await innerStore(dataset, capture, dicomDict);
    const payload = await capture.payload;
    const id = d.SOPInstanceUID ?? `${studyUID}.${Date.now()}`;
    const outcome = await queueFor(studyUID).save(id, studyUID, payload.body, payload.contentType);
    if (outcome.state !== 'refused') void handedOver();
    if (outcome.state === 'stored') return;
    // OHIF added the SR to its local store before uploading; take it out so nothing looks saved that is not.
    for (const set of displaySets?.getActiveDisplaySets() ?? []) {
      if (set.SOPInstanceUID === id || set.instances?.some((i) => i.SOPInstanceUID === id))
        displaySets!.deleteDisplaySet(set.displaySetInstanceUID);
    }
    tell(studyUID, outcome);
    throw new NotInKheopsError(outcome.reason);
  };

  for (const studyUID of launch.context.studyUIDs) {
    const q = queueFor(studyUID);
    void q.pending().then((pending) => {
      if (!pending.length) return;
      announced.add(studyUID);
      notifications?.show({
        title: 'KHEOPS',
        message: `${pending.length} report(s) saved on this computer earlier are being uploaded to KHEOPS.`,
        type: 'info',
        duration: 8000,
      });
      void q.flush();
    });
  }
  return queueFor;
}
