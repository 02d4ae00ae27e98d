"""Vectorized NumPy kernels for *Linear Regression from Scratch*.

Every chapter and lab of the course computes through these functions. They import NumPy
only, validate their input once at the public entry, and follow scikit-learn's objectives
so that any result can be checked against it.
"""

from . import data, descent, inference, linear, regularized, streaming
from .data import Standardizer, polynomial_features, train_test_split
from .inference import LinearInference, linear_inference, t_quantile
from .descent import DescentResult, DivergenceWarning, gradient_descent, stability_limit
from .linear import (
    CollinearityWarning,
    fit_normal_equation,
    mse,
    mse_gradients,
    numerical_gradient,
    predict,
    r2_score,
)
from .streaming import NormalEquations
from .regularized import (
    ConvergenceWarning,
    fit_elastic_net,
    fit_lasso,
    fit_ridge,
    lasso_alpha_max,
    lasso_path,
    ridge_path,
    soft_threshold,
)

__version__ = "0.1.0"

# the public names of the kernels' modules, in the order the course meets them
__all__ = [
    *linear.__all__,
    *descent.__all__,
    *regularized.__all__,
    *data.__all__,
    *inference.__all__,
    *streaming.__all__,
]
