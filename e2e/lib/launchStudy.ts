// The one way the e2e tests and the benchmarks open a study: the KHEOPS album page in a launch style, a click on
// a series tile (or "open selected studies"), the viewer window it opens, and OHIF's thumbnail of a series.
// bench/ imports this file from the e2e workspace, as it already does BrowserSession and waitForRenderedViewport.
import type { Locator, Page } from 'playwright-core';
import type { SeededStudy } from '../../sandbox/src/data/seed';
import type { BrowserSession } from './BrowserSession';
import { waitForRenderedViewport } from './waitForRenderedViewport';

import type { LaunchStyleId } from '@kheops-ohif/extension-kheops';

export type { LaunchStyleId };
// The extension's LAUNCH_STYLES, typed by its id (a value import would load the browser bundle into Node).
export const LAUNCH_STYLES: readonly LaunchStyleId[] = ['L1', 'L2', 'L3', 'L4'];

/** A browser and the sandbox it talks to: a BrowserSuite is one, bench builds one per sample. */
export interface LaunchRig {
  readonly session: BrowserSession;
  readonly sandbox: { readonly root: string; readonly viewer: string; readonly baseline: string };
}

/** How far a launch goes before it resolves: the new window, that window on the viewer origin, or an image. */
export type LaunchUntil = 'popup' | 'viewer' | 'rendered';

export interface AlbumOptions {
  /** The launch style ticked on the page (?launch=); without it, the page's own default. */
  style?: LaunchStyleId;
  /** L4 starting at the external OpenID provider (the sandbox's --external-op). */
  issuer?: 'external';
  /** Another album page than the demo album, e.g. a sharing link (/view/…); style and issuer are then ignored. */
  url?: string;
}

export interface LaunchOptions extends AlbumOptions {
  study: SeededStudy;
  /** The clicked series' UID; the study's first series without it. */
  series?: string;
  /** An album page already open (a relaunch from the same page); else one is opened with the options above. */
  album?: Page;
  /** Default 'rendered'. */
  until?: LaunchUntil;
}

export interface Launched {
  album: Page;
  /** The viewer window the click opened. */
  popup: Page;
  /** Date.now() right before the click. */
  clickedAt: number;
}

const POPUP_TIMEOUT_MS = 30_000;
const RENDER_TIMEOUT_MS = 60_000;

/** Opens an album page in the first window and waits until every series thumbnail has loaded. */
export async function openAlbum(rig: LaunchRig, opts: AlbumOptions = {}): Promise<Page> {
  return showAlbum(rig, await rig.session.mainPage(), opts);
}

/**
 * Opens an album page in a window of its own, as a second KHEOPS tab: a study launched from it opens a viewer
 * window of its own too (the album names its viewer windows per study, and names are per opener).
 */
export async function openAnotherAlbum(rig: LaunchRig, opts: AlbumOptions = {}): Promise<Page> {
  return showAlbum(rig, await rig.session.context.newPage(), opts);
}

async function showAlbum(rig: LaunchRig, page: Page, opts: AlbumOptions): Promise<Page> {
  const query = new URLSearchParams();
  if (opts.style) query.set('launch', opts.style);
  if (opts.issuer) query.set('issuer', opts.issuer);
  await page.goto(opts.url ?? `${rig.sandbox.root}/${query.size ? `?${query}` : ''}`);
  await page.waitForSelector('body[data-thumbnails-loaded="true"]', { timeout: POPUP_TIMEOUT_MS });
  return page;
}

/** The album page's tile of one series, or of every series of a study. */
export function albumTile(album: Page, study: SeededStudy, seriesUID?: string): Locator {
  const series = seriesUID ? `[data-series-instance-uid="${seriesUID}"]` : '';
  return album.locator(`.series[data-study-instance-uid="${study.studyInstanceUID}"]${series}`);
}

/** Launches a study from the album: a click on the series tile, as a radiologist does in KHEOPS. */
export async function launchStudy(rig: LaunchRig, opts: LaunchOptions): Promise<Launched> {
  const album = opts.album ?? (await openAlbum(rig, opts));
  const series = opts.series ?? opts.study.series[0]!.seriesInstanceUID;
  const tile = albumTile(album, opts.study, series);
  return { album, ...(await openViewerWindow(rig, () => tile.click(), opts.until)) };
}

/** Ticks the studies in order and clicks "open selected studies": one launch covering them all. */
export async function launchStudies(
  rig: LaunchRig,
  opts: AlbumOptions & { studies: SeededStudy[]; until?: LaunchUntil },
): Promise<Launched> {
  const album = await openAlbum(rig, opts);
  for (const study of opts.studies)
    await album.locator(`.study[data-study-instance-uid="${study.studyInstanceUID}"] .select-study`).check();
  return {
    album,
    ...(await openViewerWindow(rig, () => album.locator('#open-selected').click(), opts.until)),
  };
}

/**
 * Plain OHIF for the benchmark baseline: from the album page, window.open of the baseline origin's viewer on
 * the series (no launch), so that it starts from the same page and at the same moment as a tile click.
 */
export async function openPlainOhif(
  rig: LaunchRig,
  opts: { album: Page; study: SeededStudy; series: string; until?: LaunchUntil },
): Promise<Launched> {
  const url = `${rig.sandbox.baseline}/viewer?StudyInstanceUIDs=${opts.study.studyInstanceUID}&initialSeriesInstanceUID=${opts.series}`;
  const open = () => opts.album.evaluate((u) => void window.open(u, 'OHIF-baseline'), url);
  return { album: opts.album, ...(await openViewerWindow(rig, open, opts.until, rig.sandbox.baseline)) };
}

async function openViewerWindow(
  rig: LaunchRig,
  act: () => Promise<void>,
  until: LaunchUntil = 'rendered',
  viewerOrigin = rig.sandbox.viewer,
): Promise<{ popup: Page; clickedAt: number }> {
  const opened = rig.session.context.waitForEvent('page', { timeout: POPUP_TIMEOUT_MS });
  const clickedAt = Date.now();
  const [popup] = await Promise.all([opened, act()]);
  if (until === 'viewer')
    await popup.waitForURL((url) => url.origin === viewerOrigin, { timeout: POPUP_TIMEOUT_MS });
  if (until === 'rendered') await waitForRenderedViewport(popup, { timeout: RENDER_TIMEOUT_MS });
  return { popup, clickedAt };
}

/**
 * OHIF's study-browser thumbnail of a series, by SeriesInstanceUID (through OHIF's display sets, whose UID the
 * thumbnail's id carries) or by the series description it shows. Throws when OHIF has no such series yet.
 */
export async function findSeriesTile(viewer: Page, series: string | { description: string }): Promise<Locator> {
  const thumbnails = viewer.locator('[data-cy="study-browser-thumbnail"]');
  if (typeof series !== 'string')
    return thumbnails.filter({ has: viewer.getByText(series.description, { exact: true }) });
  const displaySetUID = await viewer.evaluate((uid) => {
    const services = (window as unknown as { services?: Record<string, any> }).services;
    const sets: Array<{ SeriesInstanceUID?: string; displaySetInstanceUID: string }> =
      services?.displaySetService?.getActiveDisplaySets() ?? [];
    return sets.find((d) => d.SeriesInstanceUID === uid)?.displaySetInstanceUID;
  }, series);
  if (!displaySetUID) throw new Error(`OHIF has no display set of series ${series}`);
  return viewer.locator(`[data-cy="study-browser-thumbnail"][id="thumbnail-${displaySetUID}"]`);
}
