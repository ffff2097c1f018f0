// Browser side of the "KHEOPS UI" album page. Plain ES2020, inlined into the page; no external resources.
// It talks to the KHEOPS API like the real UI: QIDO with the user's Bearer token, thumbnails as blobs,
// and viewer launches as in UI/src/mixins/viewer.js (L1) and UI/src/components/providers/IconListProviders.vue (L2–L4).
(function () {
  'use strict';
  const cfg = JSON.parse(document.getElementById('kheops-ui-config').textContent);
  const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
  const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
  const selected = []; // study UIDs in the order they were ticked

  const $ = (sel) => document.querySelector(sel);
  const tag = (ds, t) => {
    const v = ds && ds[t] && ds[t].Value && ds[t].Value[0];
    if (v && typeof v === 'object') return v.Alphabetic || '';
    return v === undefined || v === null ? '' : String(v);
  };
  const tagAll = (ds, t) => (ds && ds[t] && ds[t].Value) || [];
  const el = (name, attrs, children) => {
    const e = document.createElement(name);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children || []) e.append(c);
    return e;
  };

  function api(path, accept) {
    return fetch(cfg.api + path, {
      headers: { Authorization: 'Bearer ' + cfg.userToken, Accept: accept || 'application/dicom+json' },
    });
  }

  async function qido(path) {
    const res = await api(path);
    if (res.status === 204) return [];
    if (!res.ok) throw new Error('GET ' + path + ' answered HTTP ' + res.status);
    return res.json();
  }

  function launchStyle() {
    const checked = document.querySelector('input[name="launch"]:checked');
    return cfg.launchStyles.find((s) => s.id === (checked && checked.value)) || cfg.launchStyles[0];
  }

  function showError(message) {
    const box = $('#launch-error');
    box.textContent = message;
    box.hidden = false;
  }

  function clearError() {
    $('#launch-error').hidden = true;
    $('#launch-error').textContent = '';
  }

  // KHEOPS shows a generic snackbar; the details help when debugging the sandbox.
  async function describeFailure(res) {
    let detail = '';
    try {
      const body = await res.json();
      detail = [body.error, body.error_description].filter(Boolean).join(': ');
    } catch {
      detail = res.statusText;
    }
    return (
      'Sorry, an error occurred while opening the viewer (HTTP ' +
      res.status +
      (detail ? ', ' + detail : '') +
      ').'
    );
  }

  /** L1: viewer token by token exchange, then OHIF with url=…/link/{token}/ohifservermetadata. */
  async function launchWithViewerToken(studyUID, seriesUID) {
    // Open the window inside the click, before any await, so it is not a blocked popup (as KHEOPS does).
    const win = window.open('', 'OHIF-' + studyUID);
    const body = new URLSearchParams({
      grant_type: TOKEN_EXCHANGE,
      subject_token: cfg.userToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
      scope: cfg.viewerScope,
      studyUID: studyUID,
    });
    // A sharing link (/view/{token}) has no source: UI/src/components/withoutlogin/ViewWithoutLogin.vue setSource({}).
    if (cfg.viewerSource) {
      body.set('source_type', cfg.viewerSource.type);
      body.set('source_id', cfg.viewerSource.id);
    }
    let res;
    try {
      res = await fetch(cfg.api + '/token', {
        method: 'POST',
        headers: { Authorization: 'Bearer ' + cfg.userToken },
        body: body,
      });
    } catch (e) {
      if (win) win.close();
      showError('Sorry, an error occurred while opening the viewer (' + e.message + ').');
      return;
    }
    if (!res.ok) {
      if (win) win.close();
      showError(await describeFailure(res));
      return;
    }
    const token = (await res.json()).access_token;
    const query = [
      'url=' + encodeURIComponent(cfg.api + '/link/' + token + '/ohifservermetadata'),
      'studyInstanceUIDs=' + encodeURIComponent(studyUID),
    ];
    if (seriesUID) query.push('seriesInstanceUIDs=' + encodeURIComponent(seriesUID));
    const target = cfg.viewer + '/kheops?' + query.join('&');
    if (win) win.location.href = target;
    else window.open(target, 'OHIF-' + studyUID);
  }

  /** L2–L4: a top-level form POST to /api/report, which answers with a meta refresh to the viewer. */
  function launchReportProvider(style, studyUIDs, seriesUID) {
    const form = el('form', { method: 'post', action: cfg.api + '/report', target: 'OHIF-' + studyUIDs[0] });
    const field = (name, value) => form.append(el('input', { type: 'hidden', name: name, value: value }));
    field('access_token', cfg.userToken);
    field('client_id', style.clientId);
    for (const uid of studyUIDs) field('studyUID', uid);
    if (seriesUID) field('seriesUID', seriesUID);
    field('return_uri', cfg.returnUri);
    document.body.append(form);
    form.submit();
    form.remove();
  }

  /**
   * L4 at an OpenID provider other than KHEOPS (--external-op, ?issuer=external): OIDC Core §4 third-party
   * initiated login straight to the viewer; the provider knows the user, not a KHEOPS launch handle.
   */
  function launchWithExternalIssuer(studyUIDs, seriesUID) {
    let target = cfg.viewer + '/kheops?StudyInstanceUIDs=' + studyUIDs.join(',');
    if (seriesUID) target += '&initialSeriesInstanceUID=' + seriesUID;
    const url =
      cfg.viewer +
      '/kheops?iss=' +
      encodeURIComponent(cfg.externalL4.issuer) +
      '&login_hint=' +
      encodeURIComponent(cfg.externalL4.loginHint) +
      '&target_link_uri=' +
      encodeURIComponent(target);
    window.open(url, 'OHIF-' + studyUIDs[0]);
  }

  function launch(studyUIDs, seriesUID) {
    clearError();
    const style = launchStyle();
    if (!style.enabled) return showError(style.id + ' is unavailable: ' + style.reason);
    if (style.id === 'L1') {
      if (studyUIDs.length > 1)
        showError('A KHEOPS viewer link covers one study; opening ' + studyUIDs[0] + ' only.');
      return launchWithViewerToken(studyUIDs[0], seriesUID);
    }
    if (style.id === 'L4' && cfg.externalL4) return launchWithExternalIssuer(studyUIDs, seriesUID);
    launchReportProvider(style, studyUIDs, seriesUID);
  }

  /** The clicked study first, then the other ticked studies in the order they were ticked. */
  function withSelection(studyUID) {
    if (!selected.includes(studyUID)) return [studyUID];
    return [studyUID].concat(selected.filter((s) => s !== studyUID));
  }

  async function loadThumbnail(img, studyUID, seriesUID) {
    try {
      const res = await api(
        '/studies/' + studyUID + '/series/' + seriesUID + '/thumbnail',
        'image/jpeg, image/png, image/*',
      );
      if (!res.ok) throw new Error('HTTP ' + res.status);
      img.src = URL.createObjectURL(await res.blob());
      await img.decode();
      img.dataset.state = 'loaded';
    } catch (e) {
      img.dataset.state = 'error';
      img.alt = 'thumbnail unavailable (' + e.message + ')';
    }
  }

  function seriesTile(studyUID, series) {
    const seriesUID = tag(series, '0020000E');
    const img = el('img', {
      class: 'thumbnail',
      alt: '',
      'data-state': 'loading',
      width: '128',
      height: '128',
    });
    const tile = el(
      'button',
      {
        type: 'button',
        class: 'series',
        'data-study-instance-uid': studyUID,
        'data-series-instance-uid': seriesUID,
        title: 'Open this series in OHIF',
      },
      [
        img,
        el('span', { class: 'series-description', text: tag(series, '0008103E') || '(no description)' }),
        el('span', {
          class: 'series-meta',
          text:
            tag(series, '00080060') +
            ' \u00b7 S:' +
            tag(series, '00200011') +
            ' \u00b7 ' +
            tag(series, '00201209') +
            ' images',
        }),
      ],
    );
    tile.addEventListener('click', () => launch([studyUID], seriesUID));
    return { tile, load: () => loadThumbnail(img, studyUID, seriesUID) };
  }

  async function renderStudy(list, study) {
    const studyUID = tag(study, '0020000D');
    const checkbox = el('input', { type: 'checkbox', class: 'select-study', 'aria-label': 'select study' });
    checkbox.addEventListener('change', () => {
      const i = selected.indexOf(studyUID);
      if (checkbox.checked && i < 0) selected.push(studyUID);
      if (!checkbox.checked && i >= 0) selected.splice(i, 1);
      $('#open-selected').disabled = selected.length === 0;
    });
    const open = el('button', { type: 'button', class: 'open-study', text: 'Open study' });
    open.addEventListener('click', () => launch(withSelection(studyUID), undefined));
    const seriesBox = el('div', { class: 'series-list' });
    const card = el('section', { class: 'study', 'data-study-instance-uid': studyUID }, [
      el('header', {}, [
        checkbox,
        el('strong', {
          class: 'patient',
          text: tag(study, '00100010').replace(/\^/g, ' ').trim() || '(anonymous)',
        }),
        el('span', { class: 'study-description', text: tag(study, '00081030') || '(no description)' }),
        el('span', {
          class: 'study-meta',
          text: tag(study, '00080020') + ' \u00b7 ' + tagAll(study, '00080061').join('/'),
        }),
        open,
      ]),
      seriesBox,
    ]);
    list.append(card);
    // Albums hold series: ask for the album's series of the study, as the real UI does (album=).
    const series = await qido('/studies/' + studyUID + '/series?album=' + encodeURIComponent(cfg.albumId));
    series.sort((a, b) => Number(tag(a, '00200011')) - Number(tag(b, '00200011')));
    const tiles = series.map((s) => seriesTile(studyUID, s));
    for (const t of tiles) seriesBox.append(t.tile);
    return tiles;
  }

  async function main() {
    $('#open-selected').addEventListener(
      'click',
      () => selected.length && launch(selected.slice(), undefined),
    );
    const list = $('#studies');
    try {
      // Like the real UI, ask for the columns the list shows.
      const studies = await qido(
        '/studies?album=' +
          encodeURIComponent(cfg.albumId) +
          '&includefield=00081030&includefield=00080061&includefield=00201206',
      );
      $('#status').textContent = studies.length + ' studies';
      const tiles = (await Promise.all(studies.map((s) => renderStudy(list, s)))).flat();
      document.body.dataset.studiesLoaded = 'true';
      await Promise.all(tiles.map((t) => t.load()));
      document.body.dataset.thumbnailsLoaded = 'true';
    } catch (e) {
      $('#status').textContent = 'Sorry, the album could not be loaded: ' + e.message;
      document.body.dataset.studiesLoaded = 'error';
    }
  }

  main();
})();
