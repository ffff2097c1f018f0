import { frameAccept, ohifAcceptHeader } from './ohifAccept';

describe('the frame Accept header', () => {
  it('is the quoted form OHIF writes with the extension defaults (omitQuotationForMultipartRequest false)', () => {
    expect(frameAccept()).toBe('multipart/related; type="application/octet-stream"; transfer-syntax="*"');
  });

  it('reproduces OHIF unquoted with omitQuotationForMultipartRequest true, which the guard then quotes', () => {
    const ohif = ohifAcceptHeader({ omitQuotationForMultipartRequest: true });
    expect(ohif).toBe('multipart/related; type=application/octet-stream; transfer-syntax=*');
    expect(frameAccept({ omitQuotationForMultipartRequest: true })).toBe(
      'multipart/related; type="application/octet-stream"; transfer-syntax=*',
    );
  });

  it('follows the requested transfer syntax and a configured header', () => {
    expect(ohifAcceptHeader({ requestTransferSyntaxUID: '1.2.840.10008.1.2.4.50' })).toBe(
      'multipart/related; type="image/jpeg"; transfer-syntax="1.2.840.10008.1.2.4.50"',
    );
    expect(ohifAcceptHeader({ acceptHeader: ['image/jpeg'] })).toBe('image/jpeg');
  });
});
