import type { ExtensionManager, ServicesManager, WebApiDataSource } from './types';
import type { DraftAnnotation, DraftHost } from '../saveSafety/DraftKeeper';
import type { Notifier } from '../ui/Notice';
import { CORNERSTONE_COMMON } from './names';

// OHIF 3.13's measurement service keeps cornerstone annotations as measurements (extensions/cornerstone
// initMeasurementService.ts, measurementServiceMappings/Length.ts …); addRawMeasurement with the source's own
// mapping is how OHIF itself gives annotations back (cornerstone-dicom-sr hydrateStructuredReport.ts).
const SOURCE = 'Cornerstone3DTools';
const VERSION = '0.1';

export interface Measurement {
  uid: string;
  toolName?: string;
  source?: { name?: string };
  referenceStudyUID?: string;
  referenceSeriesUID?: string;
  metadata?: Record<string, unknown>;
  points?: unknown;
  textBox?: unknown;
  data?: unknown;
  label?: string;
  text?: string;
  frameNumber?: number;
}
interface Subscription {
  unsubscribe(): void;
}
interface MeasurementService {
  EVENTS: Record<string, string>;
  getMeasurements(): Measurement[];
  subscribe(event: string, cb: () => void): Subscription;
  getSource(name: string, version: string): unknown;
  getSourceMappings(
    name: string,
    version: string,
  ): Array<{ annotationType: string; toMeasurementSchema: unknown }> | undefined;
  addRawMeasurement(
    source: unknown,
    annotationType: string,
    data: unknown,
    toMeasurementSchema: unknown,
    dataSource: unknown,
  ): string | undefined;
}
interface DisplaySetService {
  EVENTS: Record<string, string>;
  getDisplaySetsForSeries(seriesUID: string): unknown[] | undefined;
  subscribe(event: string, cb: () => void): Subscription;
}
interface ViewportService {
  getCornerstoneViewport?(viewportId: string): { getCurrentImageId?(): string | undefined } | null;
}
interface ViewportGridService {
  getState(): { viewports: Map<string, unknown> };
}

const CHANGES = [
  'MEASUREMENT_ADDED',
  'RAW_MEASUREMENT_ADDED',
  'MEASUREMENT_UPDATED',
  'MEASUREMENT_REMOVED',
  'MEASUREMENTS_CLEARED',
];

/** Cornerstone's own annotation, as cornerstoneTools keeps it (geometry, contour, cached stats). */
export interface RawAnnotation {
  metadata?: Record<string, unknown>;
  data?: { handles?: Record<string, unknown> } & Record<string, unknown>;
}

/**
 * Plain data only: typed arrays become arrays; functions and class instances (a spline's curve cache, …) are
 * left out — the tools rebuild them when they render.
 */
function plainCopy<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (ArrayBuffer.isView(v)) return Array.from(v as Float32Array);
      if (typeof v === 'function') return undefined;
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) return undefined;
      }
      return v;
    }),
  ) as T;
}

/**
 * A draft of one measurement. The raw cornerstone annotation is kept when available, so that tools whose shape is
 * not just handle points (freehand and spline contours) come back whole; otherwise the measurement's points.
 */
export function toDraft(m: Measurement, raw?: RawAnnotation): DraftAnnotation | undefined {
  if (m.source?.name !== SOURCE || !m.toolName || !m.referenceStudyUID || !m.referenceSeriesUID) return;
  if (!m.metadata || !m.points) return;
  const draft = (metadata: Record<string, unknown>, data: Record<string, unknown>) => {
    try {
      return plainCopy({
        annotationUID: m.uid,
        toolName: m.toolName!,
        studyUID: m.referenceStudyUID!,
        seriesUID: m.referenceSeriesUID!,
        metadata,
        data,
      });
    } catch {
      return undefined; // e.g. a cycle in what a tool keeps
    }
  };
  const fromCornerstone =
    raw?.data &&
    draft(raw.metadata ?? m.metadata, {
      ...raw.data,
      handles: { ...raw.data.handles, activeHandleIndex: null },
    });
  return (
    fromCornerstone ||
    draft(m.metadata, {
      handles: { points: m.points, textBox: m.textBox, activeHandleIndex: null },
      cachedStats: m.data ?? {},
      label: m.label,
      text: m.text,
      frameNumber: m.frameNumber,
    })
  );
}

/** Cornerstone's annotation by UID, through the cornerstone extension's own utility module (no import). */
function cornerstoneAnnotations(
  extensionManager: ExtensionManager,
): (uid: string) => RawAnnotation | undefined {
  type Common = {
    exports?: {
      getCornerstoneLibraries?: () => {
        cornerstoneTools?: {
          annotation?: { state?: { getAnnotation?(uid: string): RawAnnotation | undefined } };
        };
      };
    };
  };
  return (uid) => {
    try {
      const common = extensionManager.getModuleEntry(CORNERSTONE_COMMON) as Common | undefined;
      return common?.exports
        ?.getCornerstoneLibraries?.()
        .cornerstoneTools?.annotation?.state?.getAnnotation?.(uid);
    } catch {
      return undefined;
    }
  };
}

function subscribeAll(
  service: { subscribe(e: string, cb: () => void): Subscription } | undefined,
  events: Array<string | undefined>,
  cb: () => void,
): () => void {
  const subs = events.filter((e): e is string => !!e).map((e) => service!.subscribe(e, cb));
  return () => subs.forEach((s) => s.unsubscribe());
}

/** The draft keeper's view of OHIF: measurements in, annotations back, notices through OHIF's notifications. */
export function ohifDraftHost(
  servicesManager: ServicesManager,
  extensionManager: ExtensionManager,
  dataSource: WebApiDataSource,
  notifier: Notifier,
): DraftHost {
  const services = servicesManager.services;
  const rawAnnotation = cornerstoneAnnotations(extensionManager);
  const measurements = services.measurementService as MeasurementService;
  const displaySets = services.displaySetService as DisplaySetService;
  const viewports = services.cornerstoneViewportService as ViewportService | undefined;
  // Annotations go back once a viewport shows an image, so OHIF's measurement tracking sees them arrive.
  const showingImages = () => {
    const grid = services.viewportGridService as ViewportGridService | undefined;
    if (!grid || !viewports?.getCornerstoneViewport) return true;
    return [...grid.getState().viewports.keys()].some(
      (id) => !!viewports.getCornerstoneViewport!(id)?.getCurrentImageId?.(),
    );
  };
  return {
    annotations: () =>
      measurements
        .getMeasurements()
        .map((m) => toDraft(m, rawAnnotation(m.uid)))
        .filter((d): d is DraftAnnotation => !!d),
    onChange: (cb) =>
      subscribeAll(
        measurements,
        CHANGES.map((e) => measurements.EVENTS[e]),
        cb,
      ),
    canRestore: (seriesUID) =>
      showingImages() && (displaySets.getDisplaySetsForSeries(seriesUID)?.length ?? 0) > 0,
    onSeriesAdded: (cb) => {
      const off = subscribeAll(
        displaySets,
        [displaySets.EVENTS.DISPLAY_SETS_ADDED, displaySets.EVENTS.DISPLAY_SETS_CHANGED],
        cb,
      );
      // Viewports get their images without an event this side can rely on across mode changes: look twice a second.
      const timer = setInterval(cb, 500);
      return () => {
        off();
        clearInterval(timer);
      };
    },
    restore: (a) => {
      const source = measurements.getSource(SOURCE, VERSION);
      const mapping = measurements
        .getSourceMappings(SOURCE, VERSION)
        ?.find((m) => m.annotationType === a.toolName);
      if (!source || !mapping) return false;
      const annotation = { annotationUID: a.annotationUID, metadata: a.metadata, data: a.data };
      try {
        return !!measurements.addRawMeasurement(
          source,
          a.toolName,
          { uid: a.annotationUID, annotation },
          mapping.toMeasurementSchema,
          dataSource,
        );
      } catch {
        return false;
      }
    },
    notify: (message) => notifier.show({ title: 'KHEOPS', message, type: 'info', duration: 10000 }),
    warn: (message) =>
      notifier.show({
        title: 'KHEOPS: measurements not kept',
        message,
        type: 'warning',
        duration: 60_000,
      }),
  };
}
