import type { EndpointPolicy } from './EndpointPolicy';

const STUDY_PATH = /\/studies\/[^/]+\/(.+)$/;

/**
 * OHIF's `bulkDataURI.transform` hook. Returns a study-relative URI ("series/…", resolved by OHIF's
 * fixBulkDataURI under wadoRoot/studies/{study}/) so every bulk-data request stays on the DICOMweb endpoint:
 * URIs from elsewhere are re-rooted, URIs that name no study resource are refused (pointed at a dead path
 * on the endpoint, so nothing is requested from another origin).
 */
export function bulkDataTransform(policy: EndpointPolicy): (uri: string) => string {
  return (uri) => {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith('/')) return uri; // already relative
    const absolute = uri.startsWith('/') ? new URL(uri, policy.endpoint).href : uri;
    const pinned = policy.pin(absolute);
    const rel = pinned ? STUDY_PATH.exec(new URL(pinned).pathname)?.[1] : undefined;
    return rel ? `${rel}${new URL(pinned!).search}` : 'series/kheops-refused-bulkdata-uri';
  };
}
