import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../src/testing/startSandbox';
import { FakeReportProvider } from './helpers/fakeReportProvider';
import { registerProvider, userToken } from './helpers/kheops';

// AS/report_provider/ReportProviderClientMetadata.java fetched over HTTPS: the sandbox process trusts a test CA
// (NODE_EXTRA_CA_CERTS is read at process start, so this one needs a started sandbox, not inject()).
let sb: RunningSandbox;
let rp: FakeReportProvider;
/** An HTTPS provider whose self-signed certificate the sandbox trusts (NODE_EXTRA_CA_CERTS). */
let tlsRp: FakeReportProvider;
let token: string;

function selfSignedCertificate(): { key: string; cert: string; certFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-tls-'));
  const [keyFile, certFile] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), certFile };
}

beforeAll(async () => {
  const tls = selfSignedCertificate();
  process.env.NODE_EXTRA_CA_CERTS = tls.certFile; // read by the sandbox process at start
  sb = await startSandbox(['--profile', 'ohif']);
  rp = await new FakeReportProvider().start();
  tlsRp = await new FakeReportProvider().start({ tls });
  token = await userToken(sb);
}, 90_000);
afterAll(async () => {
  await rp?.stop();
  await tlsRp?.stop();
  await sb?.stop();
});

describe('fetching the configuration document as KHEOPS does', () => {
  const implicit = (origin = rp.origin) => ({ response_type: 'token', redirect_uri: `${origin}/viewer` });
  const refusedAsFetchError = async (url: string) => {
    const res = await registerProvider(sb, token, url);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      detail: "'url' formparam is not valid",
      error: 'error during request',
    });
  };

  test('does not follow a redirect from http to https (same protocol only); https itself is fine', async () => {
    const direct = tlsRp.serve('/tls-config', implicit(tlsRp.origin));
    expect((await registerProvider(sb, token, direct)).status).toBe(201);
    // The HTTPS document would validate against the http config URL: only the protocol change stops it.
    tlsRp.serve('/tls-for-http', implicit(rp.origin));
    await refusedAsFetchError(rp.redirect('/to-https', `${tlsRp.origin}/tls-for-http`));
  });
});
