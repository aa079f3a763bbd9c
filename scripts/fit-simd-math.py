# Fits the polynomial coefficients of assembly/lib/simd-math.ts (run: python3 scripts/fit-simd-math.py; needs numpy, mpmath).
# Near-minimax weighted fits by Lawson's iteratively reweighted least squares on Chebyshev points, targets in 40-digit
# mpmath; prints the coefficients (f32 for the f32x4 code, f64 for the f64x2 code) and the worst relative error of each.
import numpy as np
import mpmath as mp

mp.mp.dps = 40
f32 = np.float32


def cheb(lo, hi, n):
    return [(lo + hi) / 2 + (hi - lo) / 2 * np.cos(np.pi * (i + 0.5) / n) for i in range(n)]


def lawson(powers, target, weight, xs, iters=300):
    """Coefficients c of sum(c_j x^powers[j]) minimising max |weight·(fit − target)| over xs (near-minimax)."""
    A = np.array([[x**p for p in powers] for x in xs])
    y = np.array([float(target(mp.mpf(x))) for x in xs])
    w = np.array([float(weight(mp.mpf(x))) for x in xs])
    u = np.ones(len(xs)) / len(xs)
    for _ in range(iters):
        sw = np.sqrt(u) * w
        c, *_ = np.linalg.lstsq(A * sw[:, None], y * sw, rcond=None)
        e = np.abs(A @ c - y) * w
        u = u * e
        u /= u.sum()
    return c


def show(name, c):
    print(f"{name}: " + ", ".join(f"{float(v):.9e}" for v in c))


# 1. expm1(r) = r + r²·(1/2 + r·(c3 + r·(c4 + … c7))) for |r| <= ln2/2, relative error of expm1(r).
L = float(mp.log(2)) / 2
xs = [x for x in cheb(-L, L, 1500) if abs(x) > 1e-7]
c = [f32(v) for v in lawson(range(3, 8), lambda r: mp.expm1(r) - r - r * r / 2, lambda r: 1 / abs(mp.expm1(r)), xs)]
show("EXPM1 c3..c7", c)

# 2. The normal CDF for the f64x2 gelu kernels. With a = |x| (a <= 16), t = 1/(1 + a/4), y = t − 1/2, E = e^(−a²/2):
#    Φ(−a) = E·t·S(y)                  (Mills-ratio form: no cancellation in the left tail), and
#    Φ(−a) − a·φ(a) = E·(a0 − a)·G(y)   (gelu' at −a; a0 = −x0 with x0 its zero, so the sign change is exact).
#    Degree 12 in f64 keeps the relative error near 1e-11, far below f32 rounding.
a_of = lambda t: (1 / t - 1) * 4
Phi_neg = lambda a: mp.erfc(a / mp.sqrt(2)) / 2
x0 = mp.findroot(lambda x: mp.ncdf(x) + x * mp.npdf(x), -0.75)
a0 = -x0
print(f"A0 = {mp.nstr(a0, 20)}")
S = lambda y: Phi_neg(a_of(y + 0.5)) * mp.exp(a_of(y + 0.5) ** 2 / 2) / (y + 0.5)
G = lambda y: (Phi_neg(a_of(y + 0.5)) - a_of(y + 0.5) * mp.npdf(a_of(y + 0.5))) * mp.exp(a_of(y + 0.5) ** 2 / 2) / (a0 - a_of(y + 0.5))
tmin = 1 / (1 + 16 / 4)
ys = [t - 0.5 for t in cheb(tmin, 1, 800)]
for name, F in (("S", S), ("G", G)):
    c = lawson(range(13), F, lambda y: 1 / F(y), ys, 300)
    print(f"{name} c0..c12: " + ", ".join(f"{float(v):.17e}" for v in c))
    worst = max(abs(sum(float(cc) * y**j for j, cc in enumerate(c)) - float(F(mp.mpf(y)))) / float(F(mp.mpf(y))) for y in np.linspace(tmin - 0.5, 0.5, 3001))
    print(f"  worst relative error {worst:.3e}")
