"""Vectorized NumPy kernels for *Linear Regression from Scratch*.

Every chapter and lab of the course computes through these functions. They import NumPy
only, validate their input once at the public entry, and follow scikit-learn's objectives
so that any result can be checked against it.
"""

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

__all__ = [
    "predict",
    "mse",
    "mse_gradients",
    "r2_score",
    "numerical_gradient",
    "fit_normal_equation",
    "gradient_descent",
    "stability_limit",
    "DescentResult",
    "fit_ridge",
    "ridge_path",
    "fit_lasso",
    "fit_elastic_net",
    "lasso_path",
    "lasso_alpha_max",
    "soft_threshold",
    "polynomial_features",
    "Standardizer",
    "train_test_split",
    "linear_inference",
    "LinearInference",
    "t_quantile",
    "NormalEquations",
    "CollinearityWarning",
    "ConvergenceWarning",
    "DivergenceWarning",
]
