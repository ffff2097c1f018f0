import { formatMediaType, HeaderParseError, parseAccept, parseContentType } from './mediaTypeHeaders';

describe('Jersey media-type grammar (HttpHeaderReader, GrammarUtil.SEPARATORS)', () => {
  it.each([
    'multipart/related; type=application/octet-stream; transfer-syntax=*',
    'multipart/related; type=application/dicom+json',
    'multipart/related; type="application/octet-stream"; transfer-syntax="*', // unterminated quote
    'application/json; q=2',
    'application/json; q=0.12345',
    'application/',
    'application/json, ,',
  ])('refuses %s', (header) => {
    expect(() => parseAccept(header)).toThrow(HeaderParseError);
  });

  it.each([
    ['multipart/related; type="application/octet-stream"; transfer-syntax="*"', 'application/octet-stream'],
    ['multipart/related; type="application/octet-stream"; transfer-syntax=*', 'application/octet-stream'],
    ['multipart/related;type="image/jls";transfer-syntax=1.2.840.10008.1.2.4.80', 'image/jls'],
  ])('reads %s', (header, type) => {
    const [m] = parseAccept(header);
    expect(m).toMatchObject({ type: 'multipart', subtype: 'related', parameters: { type } });
  });

  it('reads browser and Java defaults', () => {
    expect(parseAccept('application/dicom+json, */*; q=0.8')).toHaveLength(2);
    expect(parseAccept('text/html, image/gif, image/jpeg, *; q=0.2, */*; q=0.2')).toHaveLength(5);
    expect(parseAccept('')).toEqual([]);
  });

  it('reads a STOW Content-Type only with the type quoted', () => {
    const ok = parseContentType('multipart/related; type="application/dicom"; boundary=abc-123');
    expect(ok.parameters).toEqual({ type: 'application/dicom', boundary: 'abc-123' });
    expect(() => parseContentType('multipart/related; type=application/dicom; boundary=x')).toThrow(
      HeaderParseError,
    );
    expect(() => parseContentType('multipart/related')).not.toThrow();
    expect(() => parseContentType('*')).toThrow(HeaderParseError);
  });

  it('writes values back as tokens or quoted strings', () => {
    const m = parseAccept('multipart/related; type="application/octet-stream"; transfer-syntax=*')[0]!;
    expect(formatMediaType(m)).toBe('multipart/related; type="application/octet-stream"; transfer-syntax=*');
    expect(() => parseAccept(formatMediaType(m))).not.toThrow();
  });
});
