import type { BrowserWindow } from '../launch/BrowserWindow';
import { MemoryStorage } from './MemoryStorage';

/** Test double: a browser tab at `href`, recording address-bar rewrites and navigations. */
export function fakeTab(href: string, storage = new MemoryStorage(), origin = new URL(href).origin) {
  const history: string[] = [];
  const navigations: string[] = [];
  const win: BrowserWindow = {
    location: { href, origin, replace: (url) => void navigations.push(url) },
    history: { replaceState: (_data, _unused, url) => void history.push(String(url)) },
    sessionStorage: storage,
  };
  return { win, history, navigations, storage };
}
