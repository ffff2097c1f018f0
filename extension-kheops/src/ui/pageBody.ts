/** The page's body, made when there is none: the early hook stops an L4 sign-in page before its body is parsed. */
export function pageBody(doc: Document): HTMLElement {
  return doc.body ?? doc.documentElement.appendChild(doc.createElement('body'));
}
