import { FOCUS_PROTOCOL_ID, FocusController } from './focus';
import { id } from './id';
import { longitudinalMode, type LoadModules } from './ohif/longitudinalMode';
import { kheopsNotifier, kheopsSession, onModeExit, studyUIDOf } from './ohif/services';
import type { ModeInstance, Route, RouteInitArgs, ServicesManager } from './ohif/types';
import { keepActiveThumbnailInView, type ModeEnterArgs } from './thumbnails';

/**
 * What OHIF gets when the mode cannot be built: a throw from modeFactory rejects OHIF's appInit and leaves the
 * whole viewer blank, so the mode stays registered, owns no route, and says why wherever OHIF lists modes.
 */
function unavailableMode(reason: string): ModeInstance {
  console.error(`[mode-kheops] unavailable: ${reason}`);
  return {
    id,
    routeName: 'kheops',
    displayName: 'KHEOPS',
    routes: [],
    extensions: {},
    isValidMode: () => ({ valid: false, description: `The KHEOPS mode is unavailable: ${reason}` }),
  };
}

/**
 * OHIF mode "kheops": OHIF's longitudinal workflow (measurement tracking, SR export, the layout selector with
 * its MPR / 3D presets), on the KHEOPS route, opening on the series clicked in KHEOPS.
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
    let base: ModeInstance;
    try {
      base = await longitudinalMode(loadModules);
    } catch (err) {
      return unavailableMode(err instanceof Error ? err.message : String(err));
    }
    const baseRoute = base.routes[0]!;

    const focus = new FocusController();
    let services: ServicesManager['services'] | undefined;

    const route: Route = {
      ...baseRoute,
      async init(args: RouteInitArgs, hangingProtocolId?: unknown, stageIndex?: number) {
        await baseRoute.init?.(args, hangingProtocolId, stageIndex);
        await focus.routeInit(args, window, kheopsNotifier(args.servicesManager.services));
      },
    };

    return {
      ...base,
      id,
      routeName: 'kheops',
      displayName: 'KHEOPS',
      // The KHEOPS extension is registered app-wide from window.config.extensions.
      extensions: { ...base.extensions },
      routes: [route],
      hangingProtocol: FOCUS_PROTOCOL_ID,
      onModeEnter(this: ModeInstance, args: ModeEnterArgs) {
        (base.onModeEnter as ((a: ModeEnterArgs) => void) | undefined)?.call(this, args);
        onModeExit(this, keepActiveThumbnailInView(args, window));
      },
      // Runs on every ModeRoute render, before the route resolves its hanging protocol: register ours there.
      onModeInit(this: ModeInstance, args: { servicesManager: ServicesManager; query?: URLSearchParams }) {
        services = args.servicesManager.services;
        focus.register(services.hangingProtocolService);
        (base.onModeInit as ((a: unknown) => void) | undefined)?.call(this, args);
      },
      /** OHIF's own check, and (inside a KHEOPS launch) only the studies the launch grants. */
      isValidMode(this: ModeInstance, args: { modalities: string; study?: Record<string, unknown> }) {
        const own = base.isValidMode?.call(this, args) ?? { valid: true };
        const granted = kheopsSession(services)?.studyUIDs;
        const uid = studyUIDOf(args.study);
        if (own.valid && granted && uid && !granted.includes(uid))
          return { valid: false, description: 'This KHEOPS launch does not grant access to this study' };
        return own;
      },
    };
  },
};

export default mode;
export { FOCUS_PROTOCOL_ID, FOCUS_ATTRIBUTE } from './focus';
