"""The course's interactive labs: widgets over the ``helpers`` kernels.

Each lab is an ipywidgets layout around a drawing surface made with anywidget. Its
controls are linked to the surface in the front end, so a lab works in the static
HTML book with no kernel; in a running notebook its state is also Python's.

This layer needs ipywidgets and anywidget (``pip install "lr-helpers[labs]"``); the
kernels in ``helpers`` itself import NumPy only.
"""

from .fit_by_hand import FitByHand
from .gradient_descent import DescentLab
from .overfit_ridge import OverfitRidge
from .penalty_geometry import PenaltyGeometry

__all__ = ["FitByHand", "DescentLab", "OverfitRidge", "PenaltyGeometry"]
