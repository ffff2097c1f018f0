import type { KheopsSettingsStore } from '../../KheopsSettings';
import type { BrowserWindow } from '../BrowserWindow';
import type { Launch } from '../Launch';
import type { LaunchOutcome } from '../LaunchOutcome';
import type { LaunchUrl } from '../LaunchParams';
import type { LaunchSettingsStore } from '../LaunchSettings';

/** The four ways KHEOPS opens this viewer (docs/launch-styles.md): the one id the sandbox, e2e and bench use. */
export type LaunchStyleId = 'L1' | 'L2' | 'L3' | 'L4';
export const LAUNCH_STYLES: readonly LaunchStyleId[] = ['L1', 'L2', 'L3', 'L4'];

/** What a style's start gets: the window, both views of the settings, and what the orchestrator already read. */
export interface StartContext {
  win: BrowserWindow;
  settings: KheopsSettingsStore;
  trust: LaunchSettingsStore;
  /** The page address as it was before the address bar was scrubbed. */
  href: string;
  /** The trusted way back to KHEOPS, when known. */
  returnUri: string | undefined;
  /** Where the authorization server sends the browser back (L3 code exchange, L4). */
  redirectUri: string;
  /** parseLaunch itself, for an L4 target (passed in: a style cannot import the registry it is part of). */
  reparse(href: string): Launch;
}

/**
 * One launch style (or one of the two non-styles, the L4 callback and "no launch"): whether a URL carries it, the
 * validated launch (or a LaunchError), and how it starts (a ReadyLaunch, a redirect, or a LaunchError thrown).
 */
export interface LaunchStyleModule<L extends Launch> {
  style: L['style'];
  detect(url: LaunchUrl): boolean;
  parse(url: LaunchUrl, trust: LaunchSettingsStore): L;
  start(launch: L, ctx: StartContext): Promise<LaunchOutcome>;
}
