import { LaunchError } from '../LaunchError';
import { LaunchSettingsStore } from '../LaunchSettings';
import { LAUNCH_PRECEDENCE, LAUNCH_STYLES, pickLaunch } from '.';

const KHEOPS = 'https://kheops.example';
const VIEWER = 'https://viewer.example';
const S1 = '2.25.272177994137837267922425527171662294986';
const trust = new LaunchSettingsStore({ trustedOrigins: [KHEOPS], clientIds: ['c'], viewerOrigin: VIEWER });
const enc = encodeURIComponent;
const link = `url=${enc(`${KHEOPS}/api/link/t/ohifservermetadata`)}&studyInstanceUIDs=${S1}`;
const report = `client_id=c&conf_uri=${enc(`${KHEOPS}/api/.well-known/report-provider-configuration`)}&studyUID=${S1}`;
const login = `iss=${enc(`${KHEOPS}/api`)}&login_hint=h&target_link_uri=${enc(`${VIEWER}/kheops`)}`;

function styleOf(suffix: string): string {
  try {
    return pickLaunch(`${VIEWER}/kheops${suffix}`, trust).launch.style;
  } catch (err) {
    if (err instanceof LaunchError) return `refused: ${err.code}`;
    throw err;
  }
}

describe('launch style precedence (one list, the order parseLaunch always had)', () => {
  it('registers every style once, then the callback and "no launch" last', () => {
    expect(LAUNCH_PRECEDENCE.map((s) => s.style)).toEqual(['L2', 'L3', 'callback', 'L4', 'L1', 'none']);
    expect([...LAUNCH_STYLES].sort()).toEqual(['L1', 'L2', 'L3', 'L4']);
  });

  it.each([
    [
      'a fragment token over everything in the query',
      `?${link}&code=x&${login}#access_token=t&${report}`,
      'L2',
    ],
    [
      'a token in the query, even beside a valid L3',
      `?access_token=t&code=x&${report}`,
      'refused: malformed_url',
    ],
    ['code with conf_uri over a callback state', `?code=x&state=s&${report}`, 'L3'],
    ['a callback over L4 parameters', `?code=x&state=s&${login}`, 'callback'],
    ['an error callback over an L1 link', `?error=access_denied&state=s&${link}`, 'callback'],
    ['L4 over an L1 link', `?${login}&${link}`, 'L4'],
    [
      'L4 judged by its own rules, even when incomplete',
      `?login_hint=h&${link}`,
      'refused: missing_parameter',
    ],
    ['an L1 link over a stray code', `?${link}&code=x`, 'L1'],
    ['a stray code with nothing else', `?code=x&StudyInstanceUIDs=${S1}`, 'refused: missing_parameter'],
    ['a state without code or error', `?state=s&StudyInstanceUIDs=${S1}`, 'none'],
  ])('%s', (_n, suffix, expected) => {
    expect(styleOf(suffix)).toBe(expected);
  });
});
