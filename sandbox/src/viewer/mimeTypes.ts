// Extensions found in OHIF's dist (plus a few common ones). A path ending in one of these is an asset:
// if it is missing the server answers 404 instead of the SPA page.
const MIME_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  jsonc: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  webapp: 'application/x-web-app-manifest+json',
  wasm: 'application/wasm',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  xml: 'application/xml; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  onnx: 'application/octet-stream',
};

export function extensionOf(urlPath: string): string {
  const last = urlPath.slice(urlPath.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  return dot < 0 ? '' : last.slice(dot + 1).toLowerCase();
}

/** The Content-Type for a known asset extension, or undefined when the path is not an asset. */
export function contentTypeFor(urlPath: string): string | undefined {
  return MIME_TYPES[extensionOf(urlPath)];
}
