// A stored preview (preview-history.ts) given back as the LabelVolume the scene takes for a live one:
// the dense ids decoded and checked against their checksum, the whole surface built again (every brick:
// the layer may have shown anything since), `changed` null (everything).
import type { StoredPreview } from './preview-history.ts';
import { storedLabels } from './preview-history.ts';
import type { LabelVolume } from './label-volume.ts';
import { buildSurfaceBricks, type SurfaceBudget } from './surface-bricks.ts';

export function restoreVolume(stored: StoredPreview, budget: SurfaceBudget): LabelVolume {
  const labels = storedLabels(stored);
  const { shape, spacing, origin } = stored.grid;
  const { surface } = buildSurfaceBricks(labels, shape, spacing, origin, null, null, budget);
  return {
    shape: [...shape],
    spacing: [...spacing],
    origin: [...origin],
    labels,
    labelIds: stored.labelIds.slice(),
    labelCounts: stored.labelCounts.slice(),
    downsampleFactor: stored.downsampleFactor,
    sourceShape: [...stored.sourceShape],
    changed: null,
    surface,
  };
}
