import { AlbumStore, COLLEAGUE_ALBUM_ID, COLLEAGUE_USER, DEMO_ALBUM_ID, DEMO_USER } from './albums';
import type { Principal } from './types';

const S = '1.2.3';
const SE1 = '1.2.3.1';
const SE2 = '1.2.3.2';
const OTHER = '1.2.4';
const OTHER_SE = '1.2.4.1';

/** The demo album holds series 1 of S; the colleague's album holds S whole and another study. */
function store(): AlbumStore {
  const albums = new AlbumStore();
  albums.addSeries(DEMO_ALBUM_ID, S, SE1);
  albums.addSeries(COLLEAGUE_ALBUM_ID, S, SE1);
  albums.addSeries(COLLEAGUE_ALBUM_ID, S, SE2);
  albums.addSeries(COLLEAGUE_ALBUM_ID, OTHER, OTHER_SE);
  return albums;
}

const user = (sub = DEMO_USER.sub): Principal => ({
  kind: 'user',
  sub,
  scopes: ['user', 'read', 'write'],
  studyUIDs: null,
});
const provider = (scopes = ['read', 'write'], studyUIDs = [S]): Principal => ({
  kind: 'report_provider',
  sub: DEMO_USER.sub,
  scopes,
  studyUIDs,
  albumId: DEMO_ALBUM_ID,
});
const capability = (scopes: string[], sub = DEMO_USER.sub): Principal => ({
  kind: 'album_capability',
  sub,
  scopes,
  studyUIDs: null,
  albumId: DEMO_ALBUM_ID,
});
const viewer = (subject: Principal, scopes: string[], albumId?: string, inbox = false): Principal => ({
  kind: 'viewer',
  sub: subject.sub,
  scopes,
  studyUIDs: [S],
  albumId,
  subject,
  inbox,
});

describe('AlbumStore: albums hold series (AS/entity/AlbumSeries.java)', () => {
  it('a study is in an album when the album holds one of its series (Study.findByStudyAndAlbum)', () => {
    const albums = store();
    expect(albums.albumHoldsStudy(DEMO_ALBUM_ID, S)).toBe(true);
    expect(albums.albumHoldsStudy(DEMO_ALBUM_ID, OTHER)).toBe(false);
    expect(albums.albumHoldsSeries(DEMO_ALBUM_ID, S, SE2)).toBe(false);
    expect([...albums.studiesOfAlbum(COLLEAGUE_ALBUM_ID)].sort()).toEqual([S, OTHER]);
  });

  it('a user reaches the union of their albums (UserPrincipal)', () => {
    const albums = store();
    expect([...albums.seriesInReach(user(), S)]).toEqual([SE1]);
    expect([...albums.seriesInReach(user(COLLEAGUE_USER.sub), S)].sort()).toEqual([SE1, SE2]);
    albums.album(COLLEAGUE_ALBUM_ID)!.members.set(DEMO_USER.sub, { admin: false });
    expect([...albums.seriesInReach(user(), S)].sort()).toEqual([SE1, SE2]);
    expect([...albums.visibleStudies(user())].sort()).toEqual([S, OTHER]);
  });

  it('a report provider reaches only its album\u2019s series of its studies, with read (ReportProviderPrincipal)', () => {
    const albums = store();
    expect(albums.canReadSeries(provider(), S, SE1)).toBe(true);
    expect(albums.canReadSeries(provider(), S, SE2)).toBe(false);
    expect(albums.canRead(provider(), S)).toBe(true);
    expect(albums.canRead(provider(['write']), S)).toBe(false);
    expect(albums.canRead(provider(['read'], [OTHER]), S)).toBe(false);
    expect([...albums.visibleStudies(provider())]).toEqual([S]);
  });

  it('a viewer token with a source album reaches that album\u2019s series its subject reaches (ViewerPrincipal)', () => {
    const albums = store();
    const colleague = user(COLLEAGUE_USER.sub);
    expect([...albums.seriesInReach(viewer(colleague, ['read'], COLLEAGUE_ALBUM_ID), S)].sort()).toEqual([
      SE1,
      SE2,
    ]);
    expect([...albums.seriesInReach(viewer(colleague, ['read'], DEMO_ALBUM_ID), S)]).toEqual([]);
    expect([...albums.seriesInReach(viewer(user(), ['read'], DEMO_ALBUM_ID), S)]).toEqual([SE1]);
    expect([...albums.seriesInReach(viewer(user(), ['read'], COLLEAGUE_ALBUM_ID), S)]).toEqual([]);
    expect([...albums.seriesInReach(viewer(colleague, ['read']), S)].sort()).toEqual([SE1, SE2]);
    expect(albums.canRead(viewer(colleague, ['read'], undefined, true), S)).toBe(false); // no inbox in the sandbox
    expect(albums.canRead(viewer(colleague, ['write'], COLLEAGUE_ALBUM_ID), S)).toBe(false);
  });

  it('an album capability reaches its album while its creator is an admin, with read (AlbumCapabilityPrincipal)', () => {
    const albums = store();
    expect([...albums.seriesInReach(capability(['read']), S)]).toEqual([SE1]);
    expect(albums.canRead(capability(['write']), S)).toBe(false);
    expect([...albums.seriesInReach(viewer(capability(['read']), ['read']), S)]).toEqual([SE1]);
    albums.album(DEMO_ALBUM_ID)!.members.set(DEMO_USER.sub, { admin: false });
    expect(albums.canRead(capability(['read']), S)).toBe(false);
  });

  it('hasSeriesAddAccess: write, and the series new, orphan or in reach (AS/principal/*Principal.java)', () => {
    const albums = store();
    const NEW = '1.2.3.99';
    expect(albums.canWrite(provider(), S, NEW)).toBe(true);
    expect(albums.canWrite(provider(), S, SE1)).toBe(true);
    expect(albums.canWrite(provider(), S, SE2)).toBe(false); // held by an album out of reach
    expect(albums.canWrite(provider(['read']), S, NEW)).toBe(false);
    expect(albums.canWrite(provider(['read', 'write'], [OTHER]), OTHER, NEW)).toBe(false); // study not in album
    // A viewer token also needs its subject's write: a read-only sharing link cannot add series.
    expect(albums.canWrite(viewer(capability(['read']), ['read', 'write']), S, NEW)).toBe(false);
    expect(albums.canWrite(viewer(capability(['read', 'write']), ['read', 'write']), S, NEW)).toBe(true);
    expect(albums.canWrite(viewer(capability(['read', 'write']), ['read']), S, NEW)).toBe(false);
    expect(albums.canWrite(viewer(user(), ['read', 'write'], DEMO_ALBUM_ID), S, NEW)).toBe(true);
  });

  it('a stored series goes to the album the token is bound to (PUT studies/{S}/series/{Se}?album=)', () => {
    const albums = store();
    albums.placeStoredSeries(provider(), S, '1.2.3.50');
    expect(albums.albumHoldsSeries(DEMO_ALBUM_ID, S, '1.2.3.50')).toBe(true);
    albums.placeStoredSeries(
      viewer(user(COLLEAGUE_USER.sub), ['read', 'write'], COLLEAGUE_ALBUM_ID),
      S,
      '1.2.3.51',
    );
    expect(albums.albumHoldsSeries(COLLEAGUE_ALBUM_ID, S, '1.2.3.51')).toBe(true);
    expect(albums.albumHoldsSeries(DEMO_ALBUM_ID, S, '1.2.3.51')).toBe(false);
    albums.placeStoredSeries(user(COLLEAGUE_USER.sub), OTHER, '1.2.4.52');
    expect(albums.albumHoldsSeries(COLLEAGUE_ALBUM_ID, OTHER, '1.2.4.52')).toBe(true);
  });

  it('album= must name an album the token reaches (AS/filter/AlbumAccessSecuredFilter.java)', () => {
    const albums = store();
    expect(albums.hasAlbumAccess(user(), DEMO_ALBUM_ID)).toBe(true);
    expect(albums.hasAlbumAccess(user(), COLLEAGUE_ALBUM_ID)).toBe(false);
    expect(albums.hasAlbumAccess(provider(), COLLEAGUE_ALBUM_ID)).toBe(false);
    expect(albums.hasAlbumAccess(viewer(user(), ['read'], DEMO_ALBUM_ID), DEMO_ALBUM_ID)).toBe(true);
    expect(albums.hasAlbumAccess(viewer(capability(['read']), ['read']), DEMO_ALBUM_ID)).toBe(true);
  });
});
