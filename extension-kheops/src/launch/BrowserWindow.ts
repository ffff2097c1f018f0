/** What a launch uses of the browser window (a fake one in tests). */
export interface BrowserWindow {
  location: { href: string; origin: string; replace(url: string): void };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage: Storage;
}
