"""<preview-overlay> as a Jupyter widget: live segmentation previews of running jobs in a notebook.

A thin anywidget class over ``jupyter.js`` beside this file (the repository's ``dist/jupyter.js``,
copied in by ``npm run build:python``), which renders the web component in the output cell. Settings
are traits the widget follows (``server``, ``jobs``, ``view``, ...); what the jobs do comes back as
traits the widget writes (``jobs_state``, ``progress``, ``last_error``), so cells can read them or
``observe`` them. Trait names match ``src/jupyter.ts``.
"""

from __future__ import annotations

import pathlib

import anywidget
import traitlets

# The front end, shipped inside the package. A source checkout has it only after a build.
_BUNDLE = pathlib.Path(__file__).with_name("jupyter.js")
if not _BUNDLE.is_file():
    raise ImportError(f"{_BUNDLE} is missing: run `npm run build:python` in the repository (it copies dist/jupyter.js)")


class PreviewOverlay(anywidget.AnyWidget):
    """Live 3D label previews of running segmentation jobs, one layer per job."""

    _esm = _BUNDLE

    # In: the widget follows these.
    server = traitlets.Unicode("", help="Base URL of the job server: ws(s):// or http(s)://").tag(sync=True)
    jobs = traitlets.List(traitlets.Unicode(), help="Ids of the jobs to show").tag(sync=True)
    token = traitlets.Unicode("", help="Bearer token, sent as the `token` query parameter").tag(sync=True)
    url_template = traitlets.Unicode("{server}/ws/jobs/{job}", help="Socket URL template").tag(sync=True)
    binary_format = traitlets.Enum(
        ["auto", "frame", "msgpack"], default_value="auto", help="How binary messages are read"
    ).tag(sync=True)
    client_message_key = traitlets.Unicode(
        "type", help="Key naming each client message's kind; 'action' for API-Gateway-routed servers"
    ).tag(sync=True)
    view = traitlets.Enum(["3d", "slice"], default_value="3d", help="3D surfaces or one slice").tag(sync=True)
    slice_axis = traitlets.Enum(["z", "y", "x"], default_value="z", help="Axis the slice planes are stacked along").tag(sync=True)
    slice = traitlets.Int(None, allow_none=True, help="Plane index along slice_axis; None: the middle plane").tag(sync=True)
    color_mode = traitlets.Enum(["label", "job"], default_value="label", help="One colour per label id, or one hue per job").tag(sync=True)
    surface = traitlets.Enum(["voxel", "smooth"], default_value="voxel", help="3D surface: voxel faces, or smooth surface nets").tag(sync=True)
    opacity = traitlets.Float(0.8, min=0.0, max=1.0, help="Opacity of new layers").tag(sync=True)
    max_voxels = traitlets.Int(128**3, min=1, help="Downsampling budget per layer, in voxels").tag(sync=True)
    background = traitlets.Unicode("#101216", help="A CSS color").tag(sync=True)
    height = traitlets.Int(420, min=100, help="Height of the widget in pixels").tag(sync=True)

    # Out: the widget writes these (about ten times a second at most).
    jobs_state = traitlets.Dict(
        read_only=True,
        help="Per job id: {state, progress, previews, preview_id, error}",
    ).tag(sync=True)
    progress = traitlets.Dict(read_only=True, help="Per job id: progress, 0..1").tag(sync=True)
    last_error = traitlets.Unicode("", read_only=True, help="'<job id>: <message>' of the latest error").tag(sync=True)

    # Both ways: set it to select, read or observe it for the user's clicks.
    selected_label = traitlets.Dict(
        default_value=None,
        allow_none=True,
        help="The selected label, {'job_id': str, 'label': int}, highlighted in every view; a click in the widget sets it, Escape clears it (None)",
    ).tag(sync=True)

    def add_job(self, job_id: str) -> None:
        """Shows one more job (assigning a new list is what syncs the trait)."""
        if job_id not in self.jobs:
            self.jobs = [*self.jobs, job_id]

    def remove_job(self, job_id: str) -> None:
        """Removes a job's layer; the job itself goes on on the server."""
        self.jobs = [job for job in self.jobs if job != job_id]
