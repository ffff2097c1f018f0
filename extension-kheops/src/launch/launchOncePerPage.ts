// Registered in the page, not in a module variable: a CLI build bundles the extension while the early-launch
// hook in app-config.js imports the runtime module, and both copies must share the one launch a page carries
// (the first to run scrubs the address bar; the other would find no launch and end on `no_session`).
const LAUNCH = Symbol.for('@kheops-ohif/extension-kheops/launch');

type Page = Record<symbol, unknown>;

/** The page's launch: started by whichever copy of the extension asks first, shared with every later caller. */
export function launchOncePerPage<T>(page: object, start: () => Promise<T>): Promise<T> {
  const slot = page as Page;
  slot[LAUNCH] ??= start();
  return slot[LAUNCH] as Promise<T>;
}
