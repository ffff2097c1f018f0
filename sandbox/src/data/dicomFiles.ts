import fs from 'node:fs';
import path from 'node:path';

/** Part 10 files have "DICM" at byte 128; anything else in the folder is skipped. */
export function isPart10(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(4);
    return fs.readSync(fd, buf, 0, 4, 128) === 4 && buf.toString('latin1') === 'DICM';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Every DICOM file under dir (recursively), sorted, and how many other files were skipped. */
export function findDicomFiles(dir: string): { files: string[]; skipped: number } {
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    throw new Error(`--dicom-dir ${dir} is not a directory`);
  const files: string[] = [];
  let skipped = 0;
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && isPart10(full)) files.push(full);
      else skipped++;
    }
  };
  walk(dir);
  return { files: files.sort(), skipped };
}
