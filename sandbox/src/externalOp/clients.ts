// Client ids at the external OpenID provider (--external-op); dependency-free so tests can import them.

/** The viewer's client id at the external OP (public client: code + PKCE S256, refresh tokens). */
export const EXTERNAL_VIEWER_CLIENT_ID = 'ohif-kheops-viewer';
/** The KHEOPS gateway's client id at the external OP (confidential, introspection only). */
export const EXTERNAL_GATEWAY_CLIENT_ID = 'kheops-dicomweb-gateway';
