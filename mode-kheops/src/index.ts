import { id } from './id';

/** The pieces of a mode instance this mode touches (see OHIF platform/app/src/routes/Mode/Mode.tsx). */
interface ModeInstance {
  id: string;
  routeName: string;
  displayName: string;
  extensions: Record<string, string>;
  [key: string]: unknown;
}
interface ModeModule {
  modeInstance: ModeInstance;
  extensionDependencies?: Record<string, string>;
}
type LoadModules = (ids: string[]) => Promise<ModeModule[]>;

const LONGITUDINAL = '@ohif/mode-longitudinal';

/**
 * OHIF mode "kheops": OHIF's longitudinal workflow (measurement tracking, SR export), on the KHEOPS route.
 * Derived at runtime through the loadModules OHIF passes in, so a prebuilt OHIF needs no rebuild.
 */
const mode = {
  id,
  async modeFactory({
    loadModules,
  }: {
    modeConfiguration?: unknown;
    loadModules: LoadModules;
  }): Promise<ModeInstance> {
    const [longitudinal] = await loadModules([LONGITUDINAL]);
    if (!longitudinal?.modeInstance) throw new Error(`mode-kheops needs ${LONGITUDINAL} in the OHIF build`);
    const base = longitudinal.modeInstance;
    return {
      ...base,
      id,
      routeName: 'kheops',
      displayName: 'KHEOPS',
      // The KHEOPS extension is registered app-wide from window.config.extensions.
      extensions: { ...base.extensions },
    };
  },
};

export default mode;
