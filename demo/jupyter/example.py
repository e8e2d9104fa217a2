# %% [markdown]
# # Live segmentation previews in a notebook
#
# A notebook in the "percent" format (Jupytext, VS Code and JupyterLab with jupytext open it as a
# notebook; each `# %%` is a cell). It shows jobs of the repository's mock stream; point `SERVER` at a
# real CryoMamba server instead, and pass `token=`.
#
# Before running: `npm ci && npm start` in the repository (serves the mock stream on
# http://localhost:8000), and in the kernel's environment `pip install preview-overlay` (or the wheel
# `npm run build:python` builds, see README.md).

# %%
import json
import urllib.request

from preview_overlay import PreviewOverlay

SERVER = "http://localhost:8000"


def create_job(**options) -> str:
    """Starts a synthetic job on the mock stream (options as in demo/mock-stream/README.md)."""
    request = urllib.request.Request(
        f"{SERVER}/jobs",
        data=json.dumps(options).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)["job_id"]


# %% [markdown]
# One job, drawn as 3D surfaces while it runs:

# %%
first = create_job(shape="40,64,96", hz=2, previews=60, labels=5)
widget = PreviewOverlay(server=SERVER, jobs=[first], height=480)
widget

# %% [markdown]
# The widget reports back: `jobs_state` per job, `progress`, and the latest error.

# %%
widget.jobs_state

# %%
widget.observe(lambda change: print("error:", change["new"]), names="last_error")

# %% [markdown]
# A second job at half the resolution of the same volume, and one that sends a bad preview (it shows
# up in the panel and in `last_error`; its stream goes on):

# %%
widget.add_job(create_job(shape="20,32,48", original="40,64,96", hz=1, previews=30, labels=3, seed=7))
widget.add_job(create_job(hz=2, previews=20, fault="length", faultAt=3))

# %% [markdown]
# Settings are traits: a z slice instead of surfaces, a lighter background.

# %%
widget.view = "slice"
widget.slice = 20
widget.background = "#262a33"
