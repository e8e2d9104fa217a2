// Mouse bindings per view. 3D: left-drag rotates, shift+left / middle pans, right-drag / wheel zooms.
// Slice: left / middle pans, right-drag / wheel zooms (no rotation: the slice stays face-on).
import {
  vtkInteractorStyleManipulator,
  vtkMouseCameraTrackballPanManipulator,
  vtkMouseCameraTrackballRotateManipulator,
  vtkMouseCameraTrackballZoomManipulator,
  type Deletable,
  type InteractorStyleManipulator,
  type RenderWindowInteractor,
} from './vtk.ts';
import type { SceneView } from './label-layer.ts';

type Manipulator = Parameters<InteractorStyleManipulator['addMouseManipulator']>[0] & Deletable;

export class SceneInteraction {
  private readonly style: InteractorStyleManipulator;
  private manipulators: Manipulator[] = [];

  constructor(private readonly interactor: RenderWindowInteractor) {
    this.style = vtkInteractorStyleManipulator.newInstance();
    interactor.setInteractorStyle(this.style);
  }

  setView(view: SceneView): void {
    this.clear();
    const pan = [
      vtkMouseCameraTrackballPanManipulator.newInstance({ button: 2 }),
      vtkMouseCameraTrackballPanManipulator.newInstance({ button: 1, shift: true }),
    ];
    const zoom = [
      vtkMouseCameraTrackballZoomManipulator.newInstance({ button: 3 }),
      vtkMouseCameraTrackballZoomManipulator.newInstance({ scrollEnabled: true, dragEnabled: false }),
    ];
    const primary =
      view === '3d'
        ? vtkMouseCameraTrackballRotateManipulator.newInstance({ button: 1 })
        : vtkMouseCameraTrackballPanManipulator.newInstance({ button: 1 });
    this.manipulators = [primary, ...pan, ...zoom];
    for (const manipulator of this.manipulators) this.style.addMouseManipulator(manipulator);
  }

  delete(): void {
    this.clear();
    this.interactor.setInteractorStyle(null);
    this.style.delete();
  }

  private clear(): void {
    this.style.removeAllMouseManipulators();
    for (const manipulator of this.manipulators) manipulator.delete();
    this.manipulators = [];
  }
}
