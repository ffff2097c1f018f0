import { Session } from '../session/Session';
import { redirectingOff } from '../testing/redirectingOff';
import { recordingTransport, sessionOver } from '../testing/sessionOver';
import { checkStudiesGranted } from './checkStudiesGranted';
import type { LaunchError } from './LaunchError';

const API = 'https://kheops.example/api/link/tok';
const BACK = 'https://kheops.example/albums/a';

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/dicom+json' } });

/** KHEOPS answering each study: a status, a row list, or no answer at all (undefined: the network fails). */
function server(answers: Record<string, number | unknown[]>) {
  return recordingTransport((url) => {
    const a = answers[new URL(url).searchParams.get('StudyInstanceUID')!];
    if (a === undefined) throw new TypeError('Failed to fetch');
    return typeof a === 'number' ? new Response(null, { status: a }) : json(a);
  });
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: LaunchError) => `${e.code}|${e.returnUri}`,
  );

describe('checkStudiesGranted', () => {
  it('passes when KHEOPS finds every named study, asking through the session (bearer, no cookies, no redirect)', async () => {
    const { seen, transport } = server({ '1.2': [{}], '1.3': [{}] });
    await expect(
      codeOf(checkStudiesGranted(sessionOver(transport, 't0k'), API, ['1.2', '1.3'], BACK)),
    ).resolves.toBe('ok');
    expect(seen.map((s) => s.url).sort()).toEqual([
      `${API}/studies?StudyInstanceUID=1.2&includefield=0020000D`,
      `${API}/studies?StudyInstanceUID=1.3&includefield=0020000D`,
    ]);
    for (const s of seen) {
      expect(s.auth).toBe('Bearer t0k');
      expect(s.init).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer', redirect: 'error' });
      expect(new Headers(s.init.headers).get('Accept')).toBe('application/dicom+json');
    }
  });

  it.each([
    ['an empty answer (204)', { '1.2': 204 }, 'study_not_granted'],
    ['an empty list', { '1.2': [] }, 'study_not_granted'],
    ['a refused token (401)', { '1.2': 401 }, 'token_rejected'],
    ['a forbidden token (403)', { '1.2': 403 }, 'token_rejected'],
    ['no answer at all', {}, 'kheops_unreachable'],
  ])('refuses on %s with a way back', async (_name, answers, code) => {
    const { transport } = server(answers);
    await expect(codeOf(checkStudiesGranted(sessionOver(transport), API, ['1.2'], BACK))).resolves.toBe(
      `${code}|${BACK}`,
    );
  });

  it('does not follow a redirect off KHEOPS: the study UID never reaches the target, the launch stops', async () => {
    const { reached, transport } = redirectingOff();
    await expect(codeOf(checkStudiesGranted(sessionOver(transport), API, ['1.2'], BACK))).resolves.toBe(
      `kheops_unreachable|${BACK}`,
    );
    expect(reached).toEqual([]);
  });

  it('a token the session cannot send (within the expiry skew) is token_rejected, and nothing is sent', async () => {
    const { seen, transport } = server({ '1.2': [{}] });
    const session = new Session(
      { accessToken: 't', expiresAt: Date.now() + 1_000 },
      null,
      undefined,
      transport,
    );
    await expect(
      codeOf(checkStudiesGranted(session.request.bind(session), API, ['1.2'], BACK)),
    ).resolves.toBe(`token_rejected|${BACK}`);
    expect(seen).toEqual([]);
  });

  it('says how many of several studies are not granted', async () => {
    const { transport } = server({ '1.2': [{}], '1.3': 204, '1.4': [] });
    await expect(
      checkStudiesGranted(sessionOver(transport), API, ['1.2', '1.3', '1.4'], undefined),
    ).rejects.toThrow(/access to 2 of the 3 studies/);
  });
});
