import { checkStudiesGranted, type Fetch } from './checkStudiesGranted';
import { redirectingOff } from '../testing/redirectingOff';
import type { LaunchError } from './LaunchError';

const API = 'https://kheops.example/api/link/tok';
const BACK = 'https://kheops.example/albums/a';

function server(answers: Record<string, number | unknown[]>) {
  const seen: Array<{ url: string; auth: string | undefined; credentials?: string }> = [];
  const fetchFn: Fetch = async (url, init) => {
    seen.push({
      url,
      auth: (init.headers as Record<string, string>).Authorization,
      credentials: init.credentials,
    });
    const uid = new URL(url).searchParams.get('StudyInstanceUID')!;
    const a = answers[uid];
    if (a === undefined) throw new TypeError('Failed to fetch');
    if (typeof a === 'number') return { status: a, json: async () => null };
    return { status: 200, json: async () => a };
  };
  return { seen, fetchFn };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: LaunchError) => `${e.code}|${e.returnUri}`,
  );

describe('checkStudiesGranted', () => {
  it('passes when KHEOPS finds every named study with this token, asking with the bearer only', async () => {
    const { seen, fetchFn } = server({ '1.2': [{}], '1.3': [{}] });
    await expect(codeOf(checkStudiesGranted(API, 't0k', ['1.2', '1.3'], BACK, fetchFn))).resolves.toBe('ok');
    expect(seen.map((s) => s.url).sort()).toEqual([
      `${API}/studies?StudyInstanceUID=1.2&includefield=0020000D`,
      `${API}/studies?StudyInstanceUID=1.3&includefield=0020000D`,
    ]);
    expect(seen.every((s) => s.auth === 'Bearer t0k' && s.credentials === 'omit')).toBe(true);
  });

  it.each([
    ['an empty answer (204)', { '1.2': 204 }, 'study_not_granted'],
    ['an empty list', { '1.2': [] }, 'study_not_granted'],
    ['a refused token (401)', { '1.2': 401 }, 'token_rejected'],
    ['no answer at all', {}, 'kheops_unreachable'],
  ])('refuses on %s with a way back', async (_name, answers, code) => {
    const { fetchFn } = server(answers);
    await expect(codeOf(checkStudiesGranted(API, 't', ['1.2'], BACK, fetchFn))).resolves.toBe(
      `${code}|${BACK}`,
    );
  });

  it('does not follow a redirect off KHEOPS: the study UID never reaches the target, the launch stops', async () => {
    const { reached, fetchFn } = redirectingOff();
    await expect(codeOf(checkStudiesGranted(API, 't', ['1.2'], BACK, fetchFn))).resolves.toBe(
      `kheops_unreachable|${BACK}`,
    );
    expect(reached).toEqual([]);
  });

  it('says how many of several studies are not granted', async () => {
    const { fetchFn } = server({ '1.2': [{}], '1.3': 204, '1.4': [] });
    await expect(checkStudiesGranted(API, 't', ['1.2', '1.3', '1.4'], undefined, fetchFn)).rejects.toThrow(
      /access to 2 of the 3 studies/,
    );
  });
});
