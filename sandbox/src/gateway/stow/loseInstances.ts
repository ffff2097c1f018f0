import { orthancRequest, readAll } from '../orthancHttp';

/**
 * Test switch (`POST /sandbox/stow/lose-next`): the PACS accepted the instances and loses them right after, so
 * the STOW answer says stored while QIDO finds nothing — what a viewer's "confirmed" must not be fooled by.
 */
export async function loseInstances(orthancUrl: string, sopInstanceUIDs: string[]): Promise<void> {
  for (const uid of sopInstanceUIDs) {
    const body = Buffer.from(uid);
    const res = await orthancRequest(orthancUrl, 'POST', '/tools/lookup', {
      headers: { 'Content-Type': 'text/plain', 'Content-Length': String(body.length) },
      body,
    });
    const found = JSON.parse((await readAll(res.body)).toString('utf8')) as Array<{
      ID: string;
      Type: string;
    }>;
    for (const { ID } of found.filter((f) => f.Type === 'Instance'))
      await readAll((await orthancRequest(orthancUrl, 'DELETE', `/instances/${ID}`)).body);
  }
}
