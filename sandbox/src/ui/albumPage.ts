import fs from 'node:fs';
import path from 'node:path';
import { escapeHtml } from '../html/escapeHtml';
import { jsonForScript } from './html';
import type { LaunchStyle, LaunchStyleId } from './launchStyles';

/** What the browser script needs; the user token is in it, as the real KHEOPS UI holds it in JS. */
export interface AlbumPageModel {
  api: string;
  viewer: string;
  albumId: string;
  albumName: string;
  /** Empty on a sharing-link page (/view/{token}): nobody is signed in. */
  userName: string;
  /** The signed-in user's token, or on /view/{token} the album capability token (the real UI holds both in JS). */
  userToken: string;
  /**
   * The token exchange's source (UI/src/mixins/tokens.js getViewerToken): the album on the album page, none on a
   * sharing-link page (UI/src/components/withoutlogin/ViewWithoutLogin.vue setSource({})).
   */
  viewerSource: { type: 'album'; id: string } | null;
  /** Album page: the album's read-only sharing link (`{root}/view/{capability token}`) to try /view/. */
  sharingLink?: string;
  profile: string;
  viewerScope: string;
  returnUri: string;
  launchStyles: LaunchStyle[];
  launch: LaunchStyleId;
  /**
   * --external-op with `?issuer=external`: L4 starts at this OpenID provider instead of KHEOPS. KHEOPS cannot mint a
   * launch handle there, so the login_hint is the user (OIDC Core §4 third-party initiated login).
   */
  externalL4?: { issuer: string; loginHint: string };
}

const CLIENT_SCRIPT = fs.readFileSync(path.join(__dirname, 'albumPage.client.js'), 'utf8');

const STYLE = `
body{margin:0;font:14px system-ui,sans-serif;background:#0b1a2a;color:#e6eef7}
header.top{display:flex;gap:16px;align-items:baseline;padding:12px 20px;background:#12263d;border-bottom:1px solid #24496f}
header.top h1{font-size:18px;margin:0} .muted{color:#8fa8c2}
main{padding:16px 20px} fieldset{border:1px solid #24496f;margin:0 0 12px;padding:8px 12px}
fieldset label{display:block;margin:2px 0} label.disabled{color:#6b8199}
.reason{font-size:12px;color:#6b8199;margin-left:6px}
#launch-error{background:#5a1d1d;border:1px solid #b54848;padding:8px 12px;margin:0 0 12px}
.study{border:1px solid #24496f;margin:0 0 12px;background:#10223a}
.study header{display:flex;gap:12px;align-items:center;padding:8px 12px;background:#163150}
.study-meta{color:#8fa8c2} .open-study{margin-left:auto}
.series-list{display:flex;flex-wrap:wrap;gap:10px;padding:10px 12px}
button.series{display:flex;flex-direction:column;align-items:center;gap:4px;width:150px;padding:8px;
 background:#0b1a2a;color:inherit;border:1px solid #24496f;cursor:pointer}
button.series:hover{border-color:#5fa8ff} img.thumbnail{width:128px;height:128px;object-fit:contain;background:#000}
.series-meta{font-size:12px;color:#8fa8c2}`;

function launchStyleFieldset(model: AlbumPageModel): string {
  const options = model.launchStyles.map((s) => {
    const checked = s.id === model.launch ? ' checked' : '';
    const disabled = s.enabled ? '' : ' disabled';
    const reason = s.reason ? `<span class="reason">(${escapeHtml(s.reason)})</span>` : '';
    return `<label class="${s.enabled ? '' : 'disabled'}"><input type="radio" name="launch" value="${s.id}"${checked}${disabled}> ${escapeHtml(s.label)}${reason}</label>`;
  });
  const external = model.externalL4
    ? `<p id="external-issuer" class="muted">L4 signs in at the external OpenID provider ${escapeHtml(model.externalL4.issuer)}</p>`
    : '';
  return `<fieldset id="launch-style"><legend>Open in OHIF with</legend>${options.join('')}${external}</fieldset>`;
}

export function renderAlbumPage(model: AlbumPageModel): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>KHEOPS — ${escapeHtml(model.albumName)}</title>
<style>${STYLE}</style></head>
<body>
<header class="top"><h1>KHEOPS</h1><span>Album: <strong id="album-name">${escapeHtml(model.albumName)}</strong></span>
<span class="muted">${model.userName ? `signed in as ${escapeHtml(model.userName)}` : 'opened with a sharing link, not signed in'} · profile ${escapeHtml(model.profile)}</span></header>
<main>
${model.sharingLink ? `<p id="sharing-link" class="muted">Sharing link (read-only, no sign-in): <a href="${escapeHtml(model.sharingLink)}" target="_blank" rel="noopener noreferrer">${escapeHtml(model.sharingLink)}</a></p>` : ''}
${launchStyleFieldset(model)}
<div id="launch-error" role="alert" hidden></div>
<p><button type="button" id="open-selected" disabled>Open selected studies in OHIF</button> <span id="status" class="muted">loading…</span></p>
<div id="studies"></div>
</main>
<script type="application/json" id="kheops-ui-config">${jsonForScript(model)}</script>
<script>${CLIENT_SCRIPT}</script>
</body></html>`;
}
