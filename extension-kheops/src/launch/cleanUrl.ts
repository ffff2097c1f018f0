import type { StudyContext } from './Launch';

/**
 * The address the viewer shows after a launch: the route with the study context OHIF reads
 * (StudyInstanceUIDs, initialSeriesInstanceUID) and nothing else — no code, token, state, login_hint or iss.
 */
export function cleanUrl(route: string, ctx: StudyContext): string {
  const q = new URLSearchParams();
  if (ctx.studyUIDs.length) q.set('StudyInstanceUIDs', ctx.studyUIDs.join(','));
  if (ctx.seriesUID) q.set('initialSeriesInstanceUID', ctx.seriesUID);
  const query = q.toString().replace(/%2C/g, ',');
  return query ? `${route}?${query}` : route;
}
