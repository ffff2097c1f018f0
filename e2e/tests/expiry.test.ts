import { useBrowserSuite } from '../lib/browserSuite';
import { clickSeries, openAlbum } from '../lib/launchFromAlbum';
import { waitForRenderedViewport } from '../lib/waitForRenderedViewport';

describe('a session that cannot renew itself warns before it ends', () => {
  // L2 tokens live 150 s here: inside the 10-minute window from the start, so the warning comes at once.
  const suite = useBrowserSuite(['--profile', 'ohif', '--token-ttl', '150']);

  suite.test(
    'L2: a countdown warning with "Renew session", which opens KHEOPS beside the viewer',
    async () => {
      const study = suite.sandbox.studies.find((s) => s.series.length >= 3)!;
      const album = await openAlbum(suite, 'L2');
      const { popup: viewer } = await clickSeries(suite, album, study, study.series[0]!.seriesInstanceUID);
      await waitForRenderedViewport(viewer, { timeout: 60_000 });

      const warning = viewer.getByText(
        /Your KHEOPS session ends in [23] minutes\. Save now with "Create SR"/,
      );
      await warning.first().waitFor({ timeout: 30_000 });
      const [kheops] = await Promise.all([
        suite.session.context.waitForEvent('page', { timeout: 10_000 }),
        viewer.getByRole('button', { name: 'Renew session' }).first().click(),
      ]);
      await kheops.waitForLoadState('domcontentloaded');
      expect(new URL(kheops.url()).origin).toBe(new URL(suite.sandbox.root).origin);
      expect(viewer.isClosed()).toBe(false); // the viewer and its unsaved work stay where they are
    },
  );
});
