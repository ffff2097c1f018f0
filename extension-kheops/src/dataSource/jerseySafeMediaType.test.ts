import { jerseySafeMediaType } from './jerseySafeMediaType';

describe('jerseySafeMediaType', () => {
  it.each([
    [
      'multipart/related; type=application/octet-stream; transfer-syntax=*',
      'multipart/related; type="application/octet-stream"; transfer-syntax=*',
    ],
    [
      'multipart/related; type=image/jls; transfer-syntax=1.2.840.10008.1.2.4.80',
      'multipart/related; type="image/jls"; transfer-syntax=1.2.840.10008.1.2.4.80',
    ],
    [
      'multipart/related;type=application/dicom;boundary=abc',
      'multipart/related; type="application/dicom"; boundary=abc',
    ],
    // OHIF 3.11.1's series metadata Accept (omitQuotationForMultipartRequest left at its default).
    [
      'application/dicom+json, multipart/related; type=application/octet-stream; transfer-syntax=*',
      'application/dicom+json, multipart/related; type="application/octet-stream"; transfer-syntax=*',
    ],
    [
      'multipart/related; type=application/octet-stream, multipart/related; type=image/jpeg; q=0.5',
      'multipart/related; type="application/octet-stream", multipart/related; type="image/jpeg"; q=0.5',
    ],
  ])('quotes %s', (input, expected) => {
    expect(jerseySafeMediaType(input)).toBe(expected);
  });

  it.each([
    'multipart/related; type="application/octet-stream"; transfer-syntax="*"',
    'application/dicom+json',
    'application/dicom+json, */*',
    'image/jpeg',
  ])('leaves %s as it is', (header) => {
    expect(jerseySafeMediaType(header)).toBe(header);
  });

  it('keeps commas and semicolons inside quoted values', () => {
    const h = 'multipart/related; type="a/b; c=d, e"; transfer-syntax=*';
    expect(jerseySafeMediaType(h)).toBe(h);
  });
});
