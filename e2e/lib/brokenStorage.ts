import type { BrowserContext } from 'playwright-core';

/**
 * How the viewer origin's IndexedDB fails: 'denied' — every open throws SecurityError, as Chromium does where the
 * site may not keep data (site data blocked; Firefox private windows fail it with InvalidStateError); 'full' — the
 * origin's quota is what it already uses, so every write aborts at commit with Chromium's own QuotaExceededError.
 */
export type StorageFault = 'denied' | 'full';

/**
 * Breaks IndexedDB on one origin of the context until the returned function is called; other origins (the KHEOPS
 * album page) and later documents keep theirs. 'denied' is an init script (only documents created meanwhile get
 * it); 'full' is a DevTools quota override, which the undo removes.
 */
export async function breakStorage(
  context: BrowserContext,
  origin: string,
  fault: StorageFault,
): Promise<() => Promise<void>> {
  if (fault === 'denied') {
    const script = await context.addInitScript((only: string) => {
      if (location.origin !== only) return;
      const denied = () => {
        throw new DOMException(
          "Failed to execute 'open' on 'IDBFactory': access to the Indexed Database API is denied in this context.",
          'SecurityError',
        );
      };
      IDBFactory.prototype.open = denied;
      IDBFactory.prototype.deleteDatabase = denied;
      IDBFactory.prototype.databases = () => Promise.reject(new DOMException('denied', 'SecurityError'));
    }, origin);
    return () => script.dispose();
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  const { usage } = (await cdp.send('Storage.getUsageAndQuota', { origin })) as { usage: number };
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage });
  return async () => {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await cdp.detach();
  };
}

/** Whether a new document of the origin can open IndexedDB (the fault did not outlive its test). */
export async function storageWorks(context: BrowserContext, origin: string, path: string): Promise<boolean> {
  const page = await context.newPage();
  try {
    await page.goto(`${origin}${path}`);
    return await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          try {
            const r = indexedDB.open('kheops-e2e-storage-check');
            r.onsuccess = () => {
              r.result.close();
              indexedDB.deleteDatabase('kheops-e2e-storage-check');
              resolve(true);
            };
            r.onerror = () => resolve(false);
          } catch {
            resolve(false);
          }
        }),
    );
  } finally {
    await page.close();
  }
}
