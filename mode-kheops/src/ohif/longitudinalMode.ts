import type { ModeInstance } from './types';

export const LONGITUDINAL = '@ohif/mode-longitudinal';

/** OHIF ≥ 3.12 mode modules carry `modeInstance`; 3.11's carry only `modeFactory`. */
export interface ModeModule {
  modeInstance?: ModeInstance;
  modeFactory?: (args: {
    modeConfiguration: unknown;
    loadModules: LoadModules;
  }) => Promise<ModeInstance> | ModeInstance;
  extensionDependencies?: Record<string, string>;
}
/** What OHIF passes to a mode's modeFactory to load other modes' modules at runtime. */
export type LoadModules = (ids: string[]) => Promise<ModeModule[]>;

/** OHIF's longitudinal mode, whichever shape this OHIF version hands it out in; throws when it is unusable. */
export async function longitudinalMode(loadModules: LoadModules): Promise<ModeInstance> {
  const [longitudinal] = await loadModules([LONGITUDINAL]);
  const base =
    longitudinal?.modeInstance ??
    (typeof longitudinal?.modeFactory === 'function'
      ? await longitudinal.modeFactory({ modeConfiguration: {}, loadModules })
      : undefined);
  if (!base) throw new Error(`mode-kheops needs ${LONGITUDINAL} in the OHIF build`);
  if (!base.routes?.[0]) throw new Error(`${LONGITUDINAL} has no route`);
  return base;
}
