"""L-BFGS over numpy, so that fitting needs nothing beyond numpy."""

import numpy as np


def minimise(fun, x0: np.ndarray, max_iter: int, memory: int = 10) -> np.ndarray:
    """Minimise a smooth convex `fun(x) -> (value, gradient)`: L-BFGS with a
    backtracking (Armijo) line search. Deterministic."""
    x = x0.copy()
    f, g = fun(x)
    history: list[tuple[np.ndarray, np.ndarray, float]] = []
    for _ in range(max_iter):
        q = g.copy()
        alphas = []
        for s, y, rho in reversed(history):
            a = rho * s.dot(q)
            alphas.append(a)
            q -= a * y
        if history:
            s, y, _ = history[-1]
            q *= s.dot(y) / y.dot(y)
        for (s, y, rho), a in zip(history, reversed(alphas), strict=True):
            q += s * (a - rho * y.dot(q))
        direction = -q
        slope = g.dot(direction)
        if slope >= 0:  # not a descent direction: restart from the gradient
            history.clear()
            direction, slope = -g, -g.dot(g)
        step = 1.0 if history else 1.0 / max(np.linalg.norm(g), 1e-12)
        while True:
            x_new = x + step * direction
            f_new, g_new = fun(x_new)
            if f_new <= f + 1e-4 * step * slope or step < 1e-12:
                break
            step *= 0.5
        s, y = x_new - x, g_new - g
        if s.dot(y) > 1e-12:
            history = [*history[-(memory - 1) :], (s, y, 1.0 / s.dot(y))]
        converged = abs(f - f_new) <= 1e-9 * max(1.0, abs(f))
        x, f, g = x_new, f_new, g_new
        if converged or np.abs(g).max() < 1e-7:
            break
    return x
