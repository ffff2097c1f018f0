import { pageBody } from './pageBody';
import type { LaunchError } from '../launch/LaunchError';
import { LAUNCH_ERROR_HELP } from '../launch/launchErrorHelp';

/**
 * A full-window screen saying why the study could not be opened, with the way back to KHEOPS when it is
 * trusted. Built with textContent only: nothing from the URL is ever parsed as HTML.
 */
export function showLaunchError(doc: Document, error: LaunchError): HTMLElement {
  doc.getElementById('kheops-launch-error')?.remove();
  const el = (tag: string, style: string, text?: string) => {
    const e = doc.createElement(tag);
    e.setAttribute('style', style);
    if (text) e.textContent = text;
    return e;
  };
  const screen = el(
    'div',
    'position:fixed;inset:0;z-index:2147483647;display:flex;align-items:center;justify-content:center;background:#090c29;color:#e4e7ec;font:16px/1.5 system-ui,sans-serif',
  );
  screen.id = 'kheops-launch-error';
  screen.setAttribute('role', 'alert');
  screen.dataset.code = error.code;
  const box = el(
    'div',
    'max-width:40rem;padding:2rem;border:1px solid #3a3f99;border-radius:8px;background:#151a45',
  );
  box.append(el('h1', 'margin:0 0 1rem;font-size:1.4rem;color:#5acce6', 'This study could not be opened'));
  box.append(el('p', 'margin:0 0 .75rem', error.message));
  const help = LAUNCH_ERROR_HELP[error.code];
  if (help) box.append(el('p', 'margin:0 0 .75rem;color:#9ba3c0', help));
  box.append(el('p', 'margin:0 0 1rem;color:#9ba3c0;font-size:.85rem', `Reason code: ${error.code}`));
  if (error.returnUri) {
    const back = el(
      'a',
      'display:inline-block;padding:.5rem 1rem;border-radius:4px;background:#5acce6;color:#090c29;text-decoration:none',
      'Back to KHEOPS',
    );
    back.setAttribute('href', error.returnUri);
    back.setAttribute('rel', 'noopener noreferrer');
    box.append(back);
  } else {
    box.append(el('p', 'margin:0', 'Open the study again from KHEOPS.'));
  }
  screen.append(box);
  pageBody(doc).append(screen);
  return screen;
}
