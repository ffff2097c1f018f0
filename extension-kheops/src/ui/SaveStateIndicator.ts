import type { SaveState } from '../saveSafety/SaveState';
import { describeSaveState, type SaveTone } from './describeSaveState';

const COLOURS: Record<SaveTone, string> = {
  neutral: '#9ba3c0',
  busy: '#5acce6',
  ok: '#7bd389',
  warning: '#f5c451',
  error: '#ff6b6b',
};

export const SAVE_STATE_ID = 'kheops-save-state';

/**
 * The persistent save indicator: a small status line in a corner of the viewer that always shows what the
 * launched studies' work stands at (toasts go away; this does not). Built with textContent only.
 */
export class SaveStateIndicator {
  private readonly element: HTMLElement;
  private readonly unsubscribe: () => void;

  constructor(doc: Pick<Document, 'createElement' | 'body' | 'getElementById'>, state: SaveState) {
    doc.getElementById(SAVE_STATE_ID)?.remove();
    this.element = doc.createElement('div');
    this.element.id = SAVE_STATE_ID;
    this.element.setAttribute('role', 'status');
    this.element.setAttribute('aria-live', 'polite');
    doc.body.append(this.element);
    this.render(state.snapshot());
    this.unsubscribe = state.subscribe((s) => this.render(s));
  }

  dispose(): void {
    this.unsubscribe();
    this.element.remove();
  }

  private render(snapshot: Parameters<typeof describeSaveState>[0]): void {
    const { text, tone, detail } = describeSaveState(snapshot);
    this.element.textContent = text;
    this.element.title = detail;
    this.element.dataset.tone = tone;
    this.element.setAttribute(
      'style',
      `position:fixed;left:8px;bottom:8px;z-index:1000;max-width:min(32rem,60vw);padding:3px 10px;border-radius:12px;background:rgba(9,12,41,.9);border:1px solid ${COLOURS[tone]};color:${COLOURS[tone]};font:12px/1.4 system-ui,sans-serif;pointer-events:auto`,
    );
  }
}
