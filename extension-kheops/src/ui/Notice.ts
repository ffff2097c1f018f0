/** Something to tell the user, in the extension's words; the OHIF adapter shows it as an OHIF notification. */
export interface Notice {
  title: string;
  message: string;
  type: 'info' | 'success' | 'warning' | 'error';
  duration: number;
  /** One button (OHIF 3.13 notifications carry one). */
  action?: { label: string; onClick: () => void };
}

/** Where notices go (the OHIF adapter in the viewer). */
export interface Notifier {
  show(notice: Notice): void;
}
