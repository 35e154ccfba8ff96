package org.pymic.train.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.pymic.core.error.PymicException;
import org.pymic.core.label.Components;
import org.pymic.core.label.ConnectedComponents;
import org.pymic.core.label.Connectivity;
import org.pymic.core.label.Grid;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.ParamType;
import org.pymic.loss.MaskedDice;
import org.pymic.loss.Scalars;

/**
 * Bidirectional Copy-Paste (Bai et al., "Bidirectional Copy-Paste for Semi-Supervised Medical Image
 * Segmentation", CVPR 2023), the self-training stage of the authors' ACDC code, as a method of the one
 * loop. A student {@code net} and its EMA teacher {@code net_ema}; each step takes two halves a, b of the
 * labelled batch and of the unlabelled batch and one box (side {@code bcp_mask_ratio} of each image side,
 * at a uniform position, shared by the batch; {@code M} = 1 outside the box, 0 inside):
 * <pre>
 *   q_a, q_b = teacher pseudo-labels of u_a, u_b: arg-max, then the largest connected component per class
 *   X_in  = u_a M + l_a (1 - M)      (unlabelled around a labelled patch)
 *   X_out = l_b M + u_b (1 - M)      (labelled around an unlabelled patch)
 *   L = (mix(s(X_in), q_a, y_a, alpha, 1) + mix(s(X_out), y_b, q_b, 1, alpha)) / 2
 *   mix(o, y_out, y_box, w_out, w_box) = w_out Dice(o, y_out; M) + w_box Dice(o, y_box; 1 - M)
 *                                      + w_out CE(o, y_out; M) + w_box CE(o, y_box; 1 - M)
 * </pre>
 * where Dice is the masked soft Dice over all classes ({@link MaskedDice}, eps 1e-10), CE the pixel-wise
 * cross-entropy averaged over the masked region, and {@code alpha = bcp_u_weight} weighs the pixels that
 * come from unlabelled images. The teacher runs in training mode, as in the authors' code, and follows the
 * student with the constant decay {@code ema_decay} after every step. Student and teacher are one batched
 * forward each. The student predicts at inference.
 *
 * <p>The authors' first stage (pre-training on labelled images pasted into each other) is replaced by any
 * fully supervised checkpoint: {@code ckpt_init_name} with {@code ckpt_init_mode = 0} loads its network
 * into both student and teacher ({@link Method#initSource}), PyMIC's pretrain-then-fine-tune workflow.
 */
public final class BidirectionalCopyPaste implements StudentTeacher {
    public static final String NAME = "BCP";
    public static final ComponentSpec SPEC = ComponentSpec.builder(ComponentKind.METHOD, NAME)
            .doc("Bidirectional copy-paste (Bai et al. 2023): mean teacher on labelled/unlabelled mixed images.")
            .optional("bcp_u_weight", ParamType.FLOAT, 0.5, "weight of the pixels from unlabelled images (alpha)")
            .optional("bcp_mask_ratio", ParamType.FLOAT, 2.0 / 3, "side of the pasted box relative to the image side")
            .param(MeanTeacher.EMA_DECAY)
            .factory(p -> new BidirectionalCopyPaste(p.getDouble("bcp_u_weight"), p.getDouble("bcp_mask_ratio"),
                    p.getDouble("ema_decay")))
            .build();
    private final double uWeight;
    private final double maskRatio;
    private final double emaDecay;

    public BidirectionalCopyPaste(double uWeight, double maskRatio, double emaDecay) {
        if (!(maskRatio > 0 && maskRatio < 1)) {
            throw PymicException.config("bcp_mask_ratio must be in (0, 1), got " + maskRatio);
        }
        this.uWeight = uWeight;
        this.maskRatio = maskRatio;
        this.emaDecay = emaDecay;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<StreamSpec> streams() {
        return StreamSpec.SEMI_SUPERVISED;
    }

    /**
     * The copy-paste mask (1, 1, H, W): 1 outside a box of {@code round(ratio * side)} per axis whose corner
     * is uniform in [0, side - box), 0 inside; drawn from the engine's seeded generator.
     */
    public static NDArray boxMask(NDManager m, long h, long w, double ratio) {
        int bh = (int) (h * ratio);
        int bw = (int) (w * ratio);
        float[] u = m.randomUniform(0f, 1f, new Shape(2)).toFloatArray();
        int top = Math.min((int) (u[0] * (h - bh)), (int) (h - bh) - 1);
        int left = Math.min((int) (u[1] * (w - bw)), (int) (w - bw) - 1);
        top = Math.max(0, top);
        left = Math.max(0, left);
        float[] mask = new float[(int) (h * w)];
        java.util.Arrays.fill(mask, 1f);
        for (int y = top; y < top + bh; y++) {
            for (int x = left; x < left + bw; x++) {
                mask[(int) (y * w + x)] = 0f;
            }
        }
        return m.create(mask, new Shape(1, 1, h, w));
    }

    /**
     * One-hot pseudo-labels (N, K, H, W) of teacher logits: the arg-max class, keeping of each foreground
     * class only its largest 8-connected component per slice (other pixels of it become background), as
     * the authors' {@code get_ACDC_2DLargestCC}.
     */
    public static NDArray pseudoLabels(NDArray logits) {
        Shape s = logits.getShape();
        if (s.dimension() != 4) {
            throw PymicException.config(NAME + " works on 2D slices; got network output " + s);
        }
        int n = (int) s.get(0);
        int k = (int) s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        long[] arg = logits.stopGradient().argMax(1).toType(DataType.INT64, false).toLongArray();
        int plane = h * w;
        int[] lab = new int[arg.length];
        for (int i = 0; i < arg.length; i++) {
            lab[i] = (int) arg[i];
        }
        Grid grid = Grid.of(1, h, w);
        for (int b = 0; b < n; b++) {
            for (int c = 1; c < k; c++) {
                boolean[] mask = new boolean[plane];
                boolean any = false;
                for (int i = 0; i < plane; i++) {
                    mask[i] = lab[b * plane + i] == c;
                    any |= mask[i];
                }
                if (!any) {
                    continue;
                }
                Components comps = ConnectedComponents.label(mask, grid, Connectivity.FULL);
                int keep = comps.largest();
                int[] labels = comps.labels();
                for (int i = 0; i < plane; i++) {
                    if (mask[i] && labels[i] != keep) {
                        lab[b * plane + i] = 0;
                    }
                }
            }
        }
        float[] onehot = new float[n * k * plane];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < plane; i++) {
                onehot[(b * k + lab[b * plane + i]) * plane + i] = 1f;
            }
        }
        return logits.getManager().create(onehot, s).toType(logits.getDataType(), false);
    }

    /** Pixel-wise cross-entropy averaged over the region of {@code mask} (1, 1, H, W) in the batch. */
    static NDArray regionCrossEntropy(NDArray logits, NDArray target, NDArray mask) {
        NDArray ce = logits.logSoftmax(1).mul(target).sum(new int[] {1}, true).neg();
        long n = logits.getShape().get(0);
        NDArray region = mask.broadcast(new Shape(n, 1, mask.getShape().get(2), mask.getShape().get(3)));
        return ce.mul(region).sum().div(region.sum().add(1e-16));
    }

    /** BCP's {@code mix_loss}: Dice and CE outside the box against {@code yOut}, inside against {@code yBox}. */
    public static NDArray[] mixLoss(NDArray logits, NDArray yOut, NDArray yBox, NDArray mask, double wOut, double wBox) {
        NDArray p = logits.softmax(1);
        long n = logits.getShape().get(0);
        NDArray inside = mask.neg().add(1);
        Shape ms = new Shape(n, 1, mask.getShape().get(2), mask.getShape().get(3));
        NDArray dice = Scalars.mul(MaskedDice.loss(p, yOut, mask.broadcast(ms), 1e-10), wOut)
                .add(Scalars.mul(MaskedDice.loss(p, yBox, inside.broadcast(ms), 1e-10), wBox));
        NDArray ce = Scalars.mul(regionCrossEntropy(logits, yOut, mask), wOut)
                .add(Scalars.mul(regionCrossEntropy(logits, yBox, inside), wBox));
        return new NDArray[] {dice, ce};
    }

    @Override
    public NDArray loss(StepContext ctx) {
        NDArray xl = ctx.image();
        NDArray yl = ctx.label();
        NDArray xu = ctx.unlabelledImage();
        long half = Math.min(xl.getShape().get(0), xu.getShape().get(0)) / 2;
        if (half < 1) {
            throw PymicException.config(NAME + " mixes two halves of each batch: labelled and unlabelled batches"
                    + " need at least 2 images each (got " + xl.getShape().get(0) + " and " + xu.getShape().get(0) + ")");
        }
        NDIndex a = new NDIndex("0:" + half);
        NDIndex b = new NDIndex(half + ":" + 2 * half);
        NDArray la = xl.get(a);
        NDArray lb = xl.get(b);
        NDArray ya = yl.get(a);
        NDArray yb = yl.get(b);
        NDArray ua = xu.get(a);
        NDArray ub = xu.get(b);
        EmaTeacher.freeze(ctx.network(MeanTeacher.TEACHER));
        NDArray q = pseudoLabels(ctx.forward(MeanTeacher.TEACHER, ua.concat(ub, 0), true).main().stopGradient());
        NDArray qa = q.get(new NDIndex("0:" + half));
        NDArray qb = q.get(new NDIndex(half + ":"));
        Shape is = xl.getShape();
        NDArray mask = boxMask(ctx.manager(), is.get(2), is.get(3), maskRatio);
        NDArray inside = mask.neg().add(1);
        NDArray xIn = ua.mul(mask).add(la.mul(inside));
        NDArray xOut = lb.mul(mask).add(ub.mul(inside));
        NDArray out = ctx.forward(MeanTeacher.STUDENT, xIn.concat(xOut, 0)).main();
        NDArray[] in = mixLoss(out.get(new NDIndex("0:" + half)), qa, ya, mask, uWeight, 1.0);
        NDArray[] ot = mixLoss(out.get(new NDIndex(half + ":")), yb, qb, mask, 1.0, uWeight);
        NDArray dice = in[0].add(ot[0]);
        NDArray ce = in[1].add(ot[1]);
        NDArray total = Scalars.div(dice.add(ce), 2);
        ctx.record("loss", total);
        ctx.record("loss_dice", dice);
        ctx.record("loss_ce", ce);
        return total;
    }

    @Override
    public void afterOptimizerStep(StepContext ctx) {
        EmaTeacher.update(ctx.network(MeanTeacher.TEACHER), ctx.network(MeanTeacher.STUDENT), emaDecay);
        ctx.record("ema_decay", emaDecay);
    }
}
