import http from 'node:http';

export interface OrthancResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

/**
 * One HTTP request to Orthanc. Node's http client sends `Host: 127.0.0.1:{port}`, so every absolute URL
 * Orthanc writes (BulkDataURI, RetrieveURL) starts with `{orthancUrl}/dicom-web` and can be rewritten.
 */
export function orthancRequest(
  orthancUrl: string,
  method: string,
  pathAndQuery: string,
  opts: { headers?: Record<string, string>; body?: Buffer | NodeJS.ReadableStream } = {},
): Promise<OrthancResponse> {
  const url = new URL(pathAndQuery, orthancUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: opts.headers ?? {} }, (res) =>
      resolve({ status: res.statusCode ?? 502, headers: res.headers, body: res }),
    );
    req.on('error', reject);
    if (opts.body === undefined) req.end();
    else if (Buffer.isBuffer(opts.body)) req.end(opts.body);
    else opts.body.pipe(req);
  });
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}

export async function orthancJson<T>(
  orthancUrl: string,
  pathAndQuery: string,
): Promise<{ status: number; json: T | null }> {
  const res = await orthancRequest(orthancUrl, 'GET', pathAndQuery, {
    headers: { Accept: 'application/dicom+json, application/json' },
  });
  const text = (await readAll(res.body)).toString('utf8');
  if (res.status !== 200 || text.trim() === '') return { status: res.status, json: null };
  return { status: res.status, json: JSON.parse(text) as T };
}

/**
 * DICOMweb plugin 1.7 reads `includefield=a%2Cb` as one unknown tag and drops them all
 * (test-stack-recipe.md §3), so commas are decoded before Orthanc sees the query.
 */
export function fixQuery(query: string): string {
  return query.replace(/%2C/gi, ',');
}
