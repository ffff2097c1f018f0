import packageJson from '../package.json';
import { id } from './id';

test('the extension id is the package name, as OHIF expects', () => {
  expect(id).toBe(packageJson.name);
});
