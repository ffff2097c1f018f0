import { toDraft, type Measurement } from './ohifDraftHost';

class SplineCache {
  closed = true;
  points = [[1, 2]];
  isPointNearCurve() {
    return false;
  }
}

const measurement = (patch: Partial<Measurement> = {}): Measurement => ({
  uid: 'a1',
  toolName: 'PlanarFreehandROI',
  source: { name: 'Cornerstone3DTools' },
  referenceStudyUID: '1.2.3',
  referenceSeriesUID: '1.2.3.1',
  metadata: { toolName: 'PlanarFreehandROI', referencedImageId: 'wadors:x' },
  points: [[0, 0, 0]],
  data: { 'imageId:x': { area: 12 } },
  ...patch,
});

describe('toDraft', () => {
  it("keeps cornerstone's own annotation as plain data: contours whole, caches and typed arrays made plain", () => {
    const raw = {
      metadata: { toolName: 'SplineROI', referencedImageId: 'wadors:x' },
      data: {
        handles: { points: [new Float32Array([1, 2, 3])], activeHandleIndex: 2 },
        contour: { polyline: [new Float32Array([1, 2, 3]), new Float32Array([4, 5, 6])], closed: true },
        spline: { type: 'CARDINAL', instance: new SplineCache(), resolution: 20 },
        cachedStats: { 'imageId:x': { area: 12 } },
      },
    };
    const draft = toDraft(measurement({ toolName: 'SplineROI' }), raw)!;
    expect(draft.toolName).toBe('SplineROI');
    expect(draft.data).toEqual({
      handles: { points: [[1, 2, 3]], activeHandleIndex: null },
      contour: {
        polyline: [
          [1, 2, 3],
          [4, 5, 6],
        ],
        closed: true,
      },
      spline: { type: 'CARDINAL', resolution: 20 }, // the tool rebuilds the curve object when it renders
      cachedStats: { 'imageId:x': { area: 12 } },
    });
    expect(JSON.parse(JSON.stringify(draft))).toEqual(draft); // storable as is
  });

  it("falls back to the measurement's points when cornerstone's annotation is not reachable", () => {
    const draft = toDraft(
      measurement({ toolName: 'Length', points: [[0, 0, 0], new Float32Array([1, 1, 1])] }),
    )!;
    expect(draft.data).toMatchObject({
      handles: {
        points: [
          [0, 0, 0],
          [1, 1, 1],
        ],
        activeHandleIndex: null,
      },
      cachedStats: { 'imageId:x': { area: 12 } },
    });
  });

  it("falls back to the measurement's points when cornerstone's annotation cannot be copied", () => {
    const cyclic: Record<string, unknown> = { handles: { points: [[9, 9, 9]] } };
    cyclic.self = cyclic;
    const draft = toDraft(measurement({ toolName: 'Length' }), { metadata: {}, data: cyclic })!;
    expect(draft.data).toMatchObject({ handles: { points: [[0, 0, 0]] } });
  });

  it('leaves out measurements that are not cornerstone annotations of a known study and series', () => {
    expect(toDraft(measurement({ source: { name: 'SRDisplay' } }))).toBeUndefined();
    expect(toDraft(measurement({ referenceSeriesUID: undefined }))).toBeUndefined();
  });
});
