// vtk.js ships no typings for its OpenGL forward pass. Only what the scene uses: an instance whose
// translucent sub-pass is given (vtk's `extend` copies initial values onto the pass's model).
declare module '@kitware/vtk.js/Rendering/OpenGL/ForwardPass.js' {
  import type { vtkRenderPass } from '@kitware/vtk.js/Rendering/SceneGraph/RenderPass.js';
  const vtkForwardPass: {
    newInstance(initialValues?: { translucentPass?: vtkRenderPass }): vtkRenderPass;
  };
  export default vtkForwardPass;
}
