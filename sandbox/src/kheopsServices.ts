// Which KHEOPS service answers a /api request: ReverseProxy/locations.conf sends each path (by method) to the
// Authorization server, the DICOMweb proxy or the Zipper. UIDs there are `[0-9.]+`.
export type KheopsService = 'authorization' | 'proxy' | 'zipper';

const UID = '[0-9.]+';
const SERIES = `^/api/studies/${UID}/series/${UID}`;
const PROXY_ALWAYS = [
  `${SERIES}/instances$`,
  `${SERIES}/instances/${UID}$`,
  `${SERIES}/instances/${UID}/frames/[0-9]+$`,
  `${SERIES}/metadata$`,
  `${SERIES}/bulkdata/[a-fA-F0-9]+$`,
  `${SERIES}/instances/${UID}/metadata$`,
  `${SERIES}/instances/${UID}/bulkdata/[a-fA-F0-9]+$`,
  `${SERIES}/thumbnail$`,
  `${SERIES}/instances/${UID}/thumbnail$`,
  `^/api/studies/${UID}/ohifmetadata$`,
  `^/api/studies/${UID}/instances$`,
].map((p) => new RegExp(p));
const AUTHORIZATION_ALWAYS = [
  `${SERIES}/(users|albums|favorites)`,
  `^/api/studies/${UID}/(series|metadata)$`,
  `^/api/studies/${UID}/(users|albums|comments|favorites)`,
].map((p) => new RegExp(p));

/** The service nginx hands this request to; `path` without the query, link form already turned into /api. */
export function kheopsService(method: string, path: string, accept = ''): KheopsService {
  if (path === '/api/studies') return method === 'POST' ? 'proxy' : 'authorization';
  if (AUTHORIZATION_ALWAYS.some((r) => r.test(path))) return 'authorization';
  if (PROXY_ALWAYS.some((r) => r.test(path))) return 'proxy';
  if (new RegExp(SERIES).test(path)) return method === 'GET' ? 'proxy' : 'authorization';
  if (new RegExp(`^/api/studies/${UID}$`).test(path)) {
    if (['PUT', 'DELETE', 'OPTIONS'].includes(method)) return 'authorization';
    return /application\/zip/.test(accept) ? 'zipper' : 'proxy';
  }
  if (path.startsWith('/api/wado') || path.startsWith('/api/ohifservermetadata')) return 'proxy';
  return 'authorization';
}
