package org.pymic.loss;

import ai.djl.ndarray.NDArray;

/**
 * The masked soft Dice loss of the copy-paste and weak-to-strong methods (BCP's and UniMatch's medical
 * {@code DiceLoss}): for every class {@code c}, background included, with sums over every pixel of the
 * batch weighted by the mask {@code m} (0 leaves a pixel out),
 * <pre>
 *   D_c = 1 - (2 sum p_c t_c m + eps) / (sum p_c^2 m + sum t_c^2 m + eps),   L = mean_c D_c
 * </pre>
 * {@code p} are probabilities (N, K, ...), {@code t} a soft or one-hot target of the same shape, {@code m}
 * (N, 1, ...) or null for every pixel. A mask of zeros gives 0 (UniMatch's behaviour when every pixel is
 * below the confidence threshold).
 */
public final class MaskedDice {
    private MaskedDice() {
    }

    public static NDArray loss(NDArray p, NDArray t, NDArray m, double eps) {
        int nd = p.getShape().dimension();
        int[] axes = LossOps.allButClassAxis(nd);
        NDArray pm = m == null ? p : p.mul(m);
        NDArray tm = m == null ? t : t.mul(m);
        NDArray inter = pm.mul(t).sum(axes);
        NDArray den = pm.mul(p).sum(axes).add(tm.mul(t).sum(axes));
        NDArray dice = Scalars.mul(inter, 2).add(eps).div(den.add(eps));
        return dice.neg().add(1).mean();
    }
}
