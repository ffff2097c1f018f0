import { kheopsService } from './kheopsServices';

const S = '1.2.3';
const Se = '4.5.6';
const I = '7.8.9';

describe('kheopsService (ReverseProxy/locations.conf)', () => {
  it.each([
    ['GET', '/api/studies', 'authorization'],
    ['OPTIONS', '/api/studies', 'authorization'],
    ['POST', '/api/studies', 'proxy'],
    ['POST', `/api/studies/${S}`, 'proxy'],
    ['OPTIONS', `/api/studies/${S}`, 'authorization'],
    ['GET', `/api/studies/${S}/series`, 'authorization'],
    ['GET', `/api/studies/${S}/metadata`, 'authorization'],
    ['GET', `/api/studies/${S}/instances`, 'proxy'],
    ['GET', `/api/studies/${S}/series/${Se}/metadata`, 'proxy'],
    ['OPTIONS', `/api/studies/${S}/series/${Se}/instances/${I}/frames/1`, 'proxy'],
    ['GET', `/api/studies/${S}/series/${Se}/thumbnail`, 'proxy'],
    ['PUT', `/api/studies/${S}/series/${Se}`, 'authorization'],
    ['GET', `/api/studies/${S}/series/${Se}/albums`, 'authorization'],
    ['GET', '/api/wado?requestType=WADO', 'proxy'],
    ['POST', '/api/token', 'authorization'],
    ['GET', '/api/studies/not-a-uid/series', 'authorization'],
  ])('%s %s -> %s', (method, path, service) => {
    expect(kheopsService(method, path.split('?')[0]!)).toBe(service);
  });

  it('sends a study asked as application/zip to the Zipper', () => {
    expect(kheopsService('GET', `/api/studies/${S}`, 'application/zip')).toBe('zipper');
  });
});
