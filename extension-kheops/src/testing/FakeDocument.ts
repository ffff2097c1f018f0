/** Test double: the little of the DOM the extension's screens and watchers use (Node has none). */
export class FakeElement {
  id = '';
  title = '';
  textContent: string | null = null;
  readonly dataset: Record<string, string> = {};
  readonly attributes = new Map<string, string>();
  readonly children: FakeElement[] = [];
  parent: FakeElement | undefined;

  constructor(readonly tagName: string) {}

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }

  append(...nodes: FakeElement[]): void {
    for (const n of nodes) {
      n.parent = this;
      this.children.push(n);
    }
  }

  remove(): void {
    this.parent?.children.splice(this.parent.children.indexOf(this), 1);
    this.parent = undefined;
  }

  /** All text below this element, in order. */
  text(): string {
    return [this.textContent ?? '', ...this.children.map((c) => c.text())].filter(Boolean).join(' ');
  }
}

export class FakeDocument {
  readonly body = new FakeElement('body');
  readonly listeners = new Map<string, Array<() => void>>();
  /** Selectors that match something, as the test sets them. */
  readonly present = new Set<string>();

  createElement(tag: string): FakeElement {
    return new FakeElement(tag);
  }

  getElementById(id: string): FakeElement | null {
    const find = (e: FakeElement): FakeElement | null =>
      e.id === id ? e : (e.children.map(find).find((x) => x) ?? null);
    return find(this.body);
  }

  querySelector(selector: string): object | null {
    return this.present.has(selector) ? {} : null;
  }

  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  dispatch(type: string): void {
    this.listeners.get(type)?.forEach((l) => l());
  }
}
