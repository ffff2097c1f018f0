import { seededRandom } from './random';

/** Hounsfield value at (x, y) in mm from the image centre, for a slice at position t in [0, 1] along z. */
export type Phantom = (x: number, y: number, t: number) => number;

const inEllipse = (x: number, y: number, cx: number, cy: number, rx: number, ry: number) =>
  ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

/** Chest: body, two lungs, spine, aorta, and a right-lung nodule that grows and shrinks along z. */
export const chest: Phantom = (x, y, t) => {
  if (!inEllipse(x, y, 0, 0, 160, 115)) return -1000;
  if (inEllipse(x, y, 0, 80, 18, 18)) return 700; // vertebral body
  if (inEllipse(x, y, 25, 45, 14, 14)) return 200; // contrast-filled aorta
  const noduleR = 4 + 10 * Math.sin(Math.PI * t);
  if (inEllipse(x, y, -70, -10, noduleR, noduleR)) return 30;
  if (inEllipse(x, y, -70, 0, 55, 80) || inEllipse(x, y, 70, 0, 55, 80)) return -850;
  return 40;
};

/** Head: skull ring, brain, two ventricles that widen in the middle slices. */
export const head: Phantom = (x, y, t) => {
  if (!inEllipse(x, y, 0, 0, 85, 100)) return -1000;
  if (!inEllipse(x, y, 0, 0, 78, 93)) return 1200;
  const v = 4 + 6 * Math.sin(Math.PI * t);
  if (inEllipse(x, y, -12, -5, v, 25) || inEllipse(x, y, 12, -5, v, 25)) return 8;
  return 35;
};

/** Abdomen at a contrast phase: enhancement of aorta, liver and kidneys depends on the phase. */
export function abdomen(enhancement: { aorta: number; liver: number; kidney: number }): Phantom {
  return (x, y) => {
    if (!inEllipse(x, y, 0, 0, 170, 125)) return -1000;
    if (inEllipse(x, y, 0, 75, 20, 20)) return 650;
    if (inEllipse(x, y, 10, 40, 13, 13)) return enhancement.aorta;
    if (inEllipse(x, y, -75, 45, 22, 35) || inEllipse(x, y, 75, 45, 22, 35)) return enhancement.kidney;
    if (inEllipse(x, y, -60, -20, 80, 70)) return enhancement.liver;
    return 30;
  };
}

/** Stored values (HU + 1024, RescaleIntercept -1024) for one rows x cols slice, with +-15 HU noise. */
export function renderSlice(
  phantom: Phantom,
  rows: number,
  cols: number,
  spacingMm: number,
  t: number,
  seed: number,
): Int16Array {
  const rnd = seededRandom(seed);
  const out = new Int16Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const y = (r - rows / 2) * spacingMm;
    for (let c = 0; c < cols; c++) {
      const x = (c - cols / 2) * spacingMm;
      const hu = phantom(x, y, t);
      const noise = hu > -1000 ? Math.round((rnd() - 0.5) * 30) : 0;
      out[r * cols + c] = hu + noise + 1024;
    }
  }
  return out;
}

/** Coronal scout (localizer): x lateral, y cranio-caudal; a projection-like silhouette with lungs and spine. */
export const chestScout: Phantom = (x, y) => {
  if (Math.abs(x) > 170 || Math.abs(y) > 240) return -1000;
  if (Math.abs(x) < 12) return 450;
  if (inEllipse(x, y, -75, -40, 55, 120) || inEllipse(x, y, 75, -40, 55, 120)) return -500;
  return 20;
};
