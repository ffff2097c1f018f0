import { deferredScriptUrls, prefetchViewerScripts, type PrefetchingPage } from './prefetchViewerScripts';

const OHIF_INDEX = `<!doctype html><html><head>
<script rel="preload" as="script" src="/app-config.js"></script>
<script rel="preload" as="script" type="module" src="/init-service-worker.js"></script>
</head><body><div id="root"></div>
<script defer src="/app.bundle.0f6159c501addfe9.js"></script>
<script defer="defer" src='vendor.js'></script>
<script src="/not-deferred.js"></script>
<script defer src="https://cdn.example/elsewhere.js"></script>
</body></html>`;

function page(html: string, status = 200) {
  const asked: Array<{ url: string; init: RequestInit }> = [];
  const links: Array<{ rel: string; as: string; href: string }> = [];
  const win: PrefetchingPage = {
    location: {
      href: 'https://viewer.example/ohif/kheops?iss=https%3A%2F%2Fkheops.example%2Fapi&login_hint=h#x',
      origin: 'https://viewer.example',
    },
    fetch: async (url, init) => {
      asked.push({ url, init });
      return new Response(html, { status });
    },
    document: {
      createElement: () => ({ rel: '', as: '', href: '' }),
      head: { appendChild: (link: never) => links.push(link) },
    },
  };
  return { win, asked, links };
}

describe('prefetchViewerScripts (the stopped L4 sign-in page)', () => {
  test("prefetches the page's own deferred scripts, asking for the page without its query", async () => {
    const { win, asked, links } = page(OHIF_INDEX);
    const scripts = await prefetchViewerScripts(win);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.url).toBe('https://viewer.example/ohif/kheops');
    expect(asked[0]!.init).toMatchObject({ credentials: 'same-origin', redirect: 'error' });
    expect(scripts).toEqual([
      'https://viewer.example/app.bundle.0f6159c501addfe9.js',
      'https://viewer.example/ohif/vendor.js',
    ]);
    expect(links).toEqual(scripts.map((href) => ({ rel: 'prefetch', as: 'script', href })));
  });

  test('a page that is not served (or not HTML with scripts) prefetches nothing', async () => {
    expect(await prefetchViewerScripts(page(OHIF_INDEX, 404).win)).toEqual([]);
    const { win, links } = page('<p>maintenance</p>');
    expect(await prefetchViewerScripts(win)).toEqual([]);
    expect(links).toEqual([]);
  });
});

describe('deferredScriptUrls', () => {
  test('reads defer in its forms and every quoting of src; skips scripts without both', () => {
    const html = `<SCRIPT DEFER SRC=a.js></SCRIPT><script src="b.js" defer></script>
<script deferred src="c.js"></script><script defer></script><script data-defer src="d.js"></script>`;
    expect(deferredScriptUrls(html, 'https://v.example/x/')).toEqual([
      'https://v.example/x/a.js',
      'https://v.example/x/b.js',
    ]);
  });
});
