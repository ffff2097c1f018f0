// STUB: replaced by the data room.
export interface SeededSeries { seriesInstanceUID: string; description: string; modality: string; numInstances: number }
export interface SeededStudy { studyInstanceUID: string; patientName: string; patientId: string; description: string; series: SeededSeries[] }
export async function seedIfEmpty(
  _orthancUrl: string,
  _opts: { dicomDir?: string; log: (m: string) => void },
): Promise<{ studyUIDs: string[]; studies: SeededStudy[] }> {
  return { studyUIDs: [], studies: [] };
}
