"""Live segmentation previews of running jobs in Jupyter: the ``<preview-overlay>`` web component as an
anywidget. ``PreviewOverlay`` is the whole API; see the package README for its traits."""

from importlib.metadata import PackageNotFoundError, version

from .widget import PreviewOverlay

try:
    __version__ = version("preview-overlay")
except PackageNotFoundError:  # imported from a source checkout, not installed
    __version__ = "0.0.0"

__all__ = ["PreviewOverlay", "__version__"]
