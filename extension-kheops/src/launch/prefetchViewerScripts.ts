/** What the prefetch uses of the page (a fake one in tests). */
export interface PrefetchingPage {
  location: { href: string; origin: string };
  fetch(url: string, init: RequestInit): Promise<Response>;
  document: {
    createElement(tag: 'link'): { rel: string; as: string; href: string };
    head: { appendChild(node: never): unknown };
  };
}

/**
 * An L4 sign-in page is stopped before OHIF's bundles load, leaves for the authorization server and comes back to
 * the same index.html. Its deferred scripts (OHIF's app.bundle, 17 MB in 3.13) are asked for meanwhile as link
 * prefetches, which Chromium lets finish across the navigation, so the viewer page takes them from the HTTP cache
 * instead of loading them after the redirect. Same-origin scripts only; the page is asked for without its query.
 */
export async function prefetchViewerScripts(page: PrefetchingPage): Promise<string[]> {
  const url = new URL(page.location.href);
  url.search = '';
  url.hash = '';
  const response = await page.fetch(url.href, { credentials: 'same-origin', redirect: 'error' });
  if (!response.ok) return [];
  const scripts = deferredScriptUrls(await response.text(), url.href).filter(
    (src) => new URL(src).origin === page.location.origin,
  );
  for (const href of scripts) {
    const link = page.document.createElement('link');
    link.rel = 'prefetch';
    link.as = 'script';
    link.href = href;
    page.document.head.appendChild(link as never);
  }
  return scripts;
}

/** The `src` of every `<script defer src=…>` of an HTML page, resolved against the page's URL. */
export function deferredScriptUrls(html: string, pageUrl: string): string[] {
  const urls: string[] = [];
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    if (!/\sdefer(?=[\s=>/])/i.test(tag)) continue;
    const src = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const value = src?.[1] ?? src?.[2] ?? src?.[3];
    if (!value) continue;
    try {
      urls.push(new URL(value, pageUrl).href);
    } catch {
      // not a URL: the page would not load it either
    }
  }
  return urls;
}
