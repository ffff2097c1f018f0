import { pageBody } from './pageBody';
/**
 * A full-window screen for a configuration the extension cannot run with (a SettingsError): the administrator's
 * problem, not a token or launch fault, so it says so. Built with textContent only.
 */
export function showConfigurationError(doc: Document, message: string): HTMLElement {
  doc.getElementById('kheops-launch-error')?.remove();
  const screen = doc.createElement('div');
  screen.id = 'kheops-launch-error';
  screen.setAttribute('role', 'alert');
  screen.dataset.code = 'configuration';
  screen.setAttribute(
    'style',
    'position:fixed;inset:0;z-index:2147483647;display:flex;align-items:center;justify-content:center;background:#090c29;color:#e4e7ec;font:16px/1.5 system-ui,sans-serif',
  );
  const box = doc.createElement('div');
  box.setAttribute(
    'style',
    'max-width:40rem;padding:2rem;border:1px solid #3a3f99;border-radius:8px;background:#151a45',
  );
  const line = (tag: string, style: string, text: string) => {
    const e = doc.createElement(tag);
    e.setAttribute('style', style);
    e.textContent = text;
    box.append(e);
  };
  line('h1', 'margin:0 0 1rem;font-size:1.4rem;color:#5acce6', 'This viewer is not configured correctly');
  line('p', 'margin:0 0 .75rem', message);
  line(
    'p',
    'margin:0;color:#9ba3c0',
    "Nothing was sent to KHEOPS. Ask the administrator to correct the KHEOPS data source's configuration in app-config.js.",
  );
  line('p', 'margin:.75rem 0 0;color:#9ba3c0;font-size:.85rem', 'Reason code: configuration');
  screen.append(box);
  pageBody(doc).append(screen);
  return screen;
}
