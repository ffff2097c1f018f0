import type { Page } from 'playwright-core';

/**
 * What the viewer keeps on this computer (its origin's IndexedDB, as extension-kheops/src/saveSafety/idb.ts lays
 * it out): the SR outbox items and the measurement drafts. Read from a page on the viewer origin.
 */
export async function localStore(
  page: Page,
): Promise<{ outbox: Array<{ studyUID: string; refused: boolean }>; drafts: number[] }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('kheops-ohif');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['sr-outbox', 'drafts']);
          const items = tx.objectStore('sr-outbox').getAll();
          const drafts = tx.objectStore('drafts').getAll();
          tx.oncomplete = () =>
            resolve({
              outbox: (items.result as Array<{ studyUID: string; refused?: boolean }>).map((i) => ({
                studyUID: i.studyUID,
                refused: !!i.refused,
              })),
              drafts: (drafts.result as Array<{ draft: { annotations: unknown[] } }>).map(
                (r) => r.draft.annotations.length,
              ),
            });
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}
