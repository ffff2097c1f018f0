import { isMoxyJsonContentType } from './ClientMetadata';

// MOXyJsonProvider.supportsMediaType (Jersey client + jersey-media-moxy, Authorization/build.gradle): */json and
// */*+json only; Jersey reads a missing Content-Type as application/octet-stream.
describe('isMoxyJsonContentType', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'text/json', 'application/vnd.test+json'])(
    'reads %s',
    (ct) => expect(isMoxyJsonContentType(ct)).toBe(true),
  );
  it.each([null, 'application/octet-stream', 'text/plain', 'text/html', 'application/JSON', 'json', ''])(
    'has no reader for %s',
    (ct) => expect(isMoxyJsonContentType(ct)).toBe(false),
  );
});
