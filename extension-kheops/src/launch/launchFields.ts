import type { StudyContext } from './Launch';
import { LaunchError } from './LaunchError';
import type { LaunchParams } from './LaunchParams';
import type { LaunchSettingsStore } from './LaunchSettings';
import { requireTrustedUrl } from './origins';
import { requireUids } from './uids';

/** The fields several launch styles share, each validated the one way. */
export function studyContext(
  studies: string[],
  series: string[],
  studyParam: string,
  seriesParam: string,
): StudyContext {
  const studyUIDs = requireUids(studies, studyParam);
  const seriesUIDs = requireUids(series, seriesParam);
  if (seriesUIDs.length > 1)
    throw new LaunchError('duplicate_parameter', `The launch names more than one "${seriesParam}".`);
  return seriesUIDs[0] ? { studyUIDs, seriesUID: seriesUIDs[0] } : { studyUIDs };
}

export function requireStudies(ctx: StudyContext, param: string): StudyContext {
  if (ctx.studyUIDs.length === 0)
    throw new LaunchError('missing_parameter', `The launch is missing "${param}".`);
  return ctx;
}

export function requireClient(clientId: string, settings: LaunchSettingsStore): string {
  if (settings.clientIds.length && !settings.clientIds.includes(clientId)) {
    throw new LaunchError(
      'unknown_client',
      'The launch names a client_id this viewer was not registered with.',
    );
  }
  return clientId;
}

/** `return_uri` is optional, but when present it must be trusted: it becomes a link on our error screens. */
export function trustedReturnUri(p: LaunchParams, settings: LaunchSettingsStore): string | undefined {
  const v = p.one('return_uri');
  if (v === undefined) return undefined;
  return requireTrustedUrl(v, settings.trustedOrigins, 'return_uri').href;
}

/** Errors found after a trusted return_uri was read keep it, so the error screen can offer the way back. */
export function offeringReturn<T>(ret: string | undefined, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof LaunchError && ret && !err.returnUri)
      throw new LaunchError(err.code, err.message, ret);
    throw err;
  }
}

/** The study context alone (a launch object also holds its secrets: they stay out of what the viewer keeps). */
export function contextOf(ctx: StudyContext): StudyContext {
  return ctx.seriesUID
    ? { studyUIDs: [...ctx.studyUIDs], seriesUID: ctx.seriesUID }
    : { studyUIDs: [...ctx.studyUIDs] };
}

/** What both report-provider launches (L2, L3) carry besides their token or code: client, configuration, studies. */
export function reportProviderFields(
  p: LaunchParams,
  settings: LaunchSettingsStore,
): { clientId: string; confUri: string } & StudyContext {
  return {
    clientId: requireClient(p.required('client_id'), settings),
    confUri: requireTrustedUrl(p.required('conf_uri'), settings.trustedOrigins, 'conf_uri').href,
    ...requireStudies(
      studyContext(p.list('studyUID'), p.list('seriesUID'), 'studyUID', 'seriesUID'),
      'studyUID',
    ),
  };
}
