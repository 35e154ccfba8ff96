package org.pymic.train.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pymic.core.config.ConfigSection;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

/**
 * Whole-volume prediction from a network that sees windows: the image is zero-padded up to the window
 * where it is smaller, cut into overlapping windows ({@code sliding_window_size}, {@code
 * sliding_window_stride}; the last window of each axis is shifted to end at the border, as PyMIC does),
 * and the window logits are blended with Gaussian importance weights (nnU-Net, sigma = window/8; see
 * {@link GaussianWeights}) or uniformly. A 2D network is applied slice by slice to a 3D volume. With
 * {@code tta_mode = 1} every window is also predicted flipped along H, W and both, and the four
 * un-flipped logits are averaged. {@code tta_mode = 2} is PyMIC's three-view ensemble of a 3D volume: the
 * whole prediction is also made on the volume with D and W swapped and on the volume with D and H swapped
 * (so a 2D network sees sagittal and coronal slices besides the axial ones), each is swapped back, and the
 * three logits are averaged; a 2D image (depth 1) has no other views and is refused. {@code
 * sliding_window_batch} windows go through the network in one forward pass. The result is the blended logits, not probabilities: averaging of
 * networks and checkpoints happens on logits too, and softmax comes last, as in PyMIC.
 */
public final class SlidingWindowInferer {
    private final boolean enabled;
    private final int[] windowSize;
    private final int[] windowStride;
    private final boolean gaussian;
    private final int ttaMode;
    private final int sliceBatch;
    private final int windowBatch;

    private SlidingWindowInferer(Builder b) {
        this.enabled = b.enabled;
        this.windowSize = b.windowSize;
        this.windowStride = b.windowStride;
        this.gaussian = b.gaussian;
        this.ttaMode = b.ttaMode;
        this.sliceBatch = b.sliceBatch;
        this.windowBatch = b.windowBatch;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * From PyMIC's {@code [testing]} keys: sliding_window_enable, sliding_window_size,
     * sliding_window_stride, sliding_window_batch, tta_mode, and pymic's sliding_window_gaussian (default True).
     */
    public static SlidingWindowInferer fromConfig(ConfigSection testing) {
        Builder b = builder().optGaussian(testing.boolOrDefault("sliding_window_gaussian"))
                .optTtaMode(testing.intOrDefault("tta_mode"));
        if (testing.has("sliding_window_size")) {
            b.optWindowSize(testing.getIntArray("sliding_window_size"));
        }
        if (testing.has("sliding_window_stride")) {
            b.optWindowStride(testing.getIntArray("sliding_window_stride"));
        }
        b.optEnabled(testing.boolOrDefault("sliding_window_enable"));
        int windowBatch = testing.intOrDefault("sliding_window_batch");
        if (windowBatch < 1) {
            throw new PymicException(ExitCode.CONFIG, testing.entry("sliding_window_batch").map(e -> e.location())
                    .orElse(testing.location()) + ": [testing] sliding_window_batch (windows per forward pass) must be"
                    + " at least 1, got " + windowBatch);
        }
        b.optWindowBatch(windowBatch);
        int tta = testing.intOrDefault("tta_mode");
        if (tta < 0 || tta > 2) {
            throw new PymicException(ExitCode.CONFIG, testing.entry("tta_mode").map(e -> e.location())
                    .orElse(testing.location()) + ": [testing] tta_mode expects 0 (none), 1 (flips) or 2 (axial,"
                    + " sagittal and coronal views of a 3D volume), got " + tta);
        }
        if (b.enabled && b.windowSize == null) {
            throw new PymicException(ExitCode.CONFIG, testing.location()
                    + ": [testing] sliding_window_enable = True needs sliding_window_size");
        }
        return b.build();
    }

    public int ttaMode() {
        return ttaMode;
    }

    /**
     * Blended logits of {@code image} (C,D,H,W) as a K-channel volume with the image's geometry.
     *
     * @param model the network's forward pass
     * @param netDim 2 (slice by slice) or 3
     * @param manager parent of the per-window managers
     */
    public Volume infer(Volume image, LogitsModel model, int netDim, NDManager manager) {
        if (ttaMode != 2) {
            return inferView(image, model, netDim, manager);
        }
        int c = image.channels();
        int d = image.depth();
        int h = image.height();
        int w = image.width();
        if (d == 1) {
            throw new PymicException(ExitCode.CONFIG, "[testing] tta_mode = 2 averages the axial, sagittal and coronal"
                    + " views of a 3D volume, but the image is 2D (" + h + "x" + w + "): use tta_mode = 0 or 1");
        }
        Volume axial = inferView(image, model, netDim, manager);
        int k = axial.channels();
        // D and W swapped: (C, W, H, D); D and H swapped: (C, H, D, W); each swap is its own inverse
        Volume dw = inferView(Volume.of(swapDW(image.data(), c, d, h, w), c, w, h, d), model, netDim, manager);
        Volume dh = inferView(Volume.of(swapDH(image.data(), c, d, h, w), c, h, d, w), model, netDim, manager);
        float[] a = axial.data();
        float[] b = swapDW(dw.data(), k, w, h, d);
        float[] e = swapDH(dh.data(), k, h, d, w);
        float[] mean = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            mean[i] = (a[i] + b[i] + e[i]) / 3f;
        }
        return image.withData(mean, k);
    }

    /** (C, D, H, W) to (C, W, H, D). */
    static float[] swapDW(float[] x, int c, int d, int h, int w) {
        float[] out = new float[x.length];
        int v = d * h * w;
        for (int ch = 0; ch < c; ch++) {
            for (int z = 0; z < d; z++) {
                for (int y = 0; y < h; y++) {
                    for (int q = 0; q < w; q++) {
                        out[ch * v + (q * h + y) * d + z] = x[ch * v + (z * h + y) * w + q];
                    }
                }
            }
        }
        return out;
    }

    /** (C, D, H, W) to (C, H, D, W). */
    static float[] swapDH(float[] x, int c, int d, int h, int w) {
        float[] out = new float[x.length];
        int v = d * h * w;
        for (int ch = 0; ch < c; ch++) {
            for (int z = 0; z < d; z++) {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(x, ch * v + (z * h + y) * w, out, ch * v + (y * d + z) * w, w);
                }
            }
        }
        return out;
    }

    private Volume inferView(Volume image, LogitsModel model, int netDim, NDManager manager) {
        int c = image.channels();
        int d = image.depth();
        int n = netDim == 3 ? 1 : d;
        int[] s = netDim == 3 ? new int[] {d, image.height(), image.width()} : new int[] {1, image.height(), image.width()};
        float[] x = netDim == 3 ? image.data() : ArrayOps.swapFirstAxes(image.data(), c, d, s[1] * s[2]);
        int[] win = window(netDim, s, model.sizeMultiple());
        int[] p = new int[3];
        int[] before = new int[3];
        for (int i = 0; i < 3; i++) {
            p[i] = Math.max(s[i], win[i]);
            before[i] = (p[i] - s[i]) / 2;
        }
        float[] xp = Arrays.equals(p, s) ? x : ArrayOps.pad(x, n * c, s, p, before);
        int[] stride = stride(netDim, win);
        float[] g = GaussianWeights.of(win, gaussian);
        int pv = p[0] * p[1] * p[2];
        float[] norm = new float[pv];
        float[] acc = null;
        int k = -1;
        int flips = ttaMode == 1 ? 4 : 1;
        List<int[]> starts = starts(p, win, stride);
        int wv = win[0] * win[1] * win[2];
        for (int[] start : starts) {
            ArrayOps.addWindow(norm, 0, 1, 1, p, start, win, null, g, 1f);
        }
        for (int w0 = 0; w0 < starts.size(); w0 += windowBatch) {
            List<int[]> group = starts.subList(w0, Math.min(starts.size(), w0 + windowBatch));
            int gs = group.size();
            for (int n0 = 0; n0 < n; n0 += sliceBatch) {
                int nb = Math.min(sliceBatch, n - n0);
                float[] patch = new float[gs * nb * c * wv];
                for (int j = 0; j < gs; j++) {
                    float[] one = ArrayOps.extract(xp, n0, nb, c, p, group.get(j), win);
                    System.arraycopy(one, 0, patch, j * one.length, one.length);
                }
                for (int f = 0; f < flips; f++) {
                    boolean fh = (f & 1) != 0;
                    boolean fw = (f & 2) != 0;
                    float[] in = ArrayOps.flip(patch, gs * nb * c * win[0], win[1], win[2], fh, fw);
                    float[] out;
                    int kk;
                    try (NDManager sub = manager.newSubManager()) {
                        Shape shape = netDim == 3 ? new Shape(gs * nb, c, win[0], win[1], win[2])
                                : new Shape(gs * nb, c, win[1], win[2]);
                        NDArray logits = model.logits(sub.create(in, shape));
                        kk = checkOutput(logits.getShape(), gs * nb, netDim, win);
                        out = logits.toFloatArray();
                    }
                    out = ArrayOps.flip(out, gs * nb * kk * win[0], win[1], win[2], fh, fw);
                    if (acc == null) {
                        k = kk;
                        acc = new float[n * k * pv];
                    }
                    int per = nb * kk * wv;
                    for (int j = 0; j < gs; j++) {
                        float[] part = gs == 1 ? out : Arrays.copyOfRange(out, j * per, (j + 1) * per);
                        ArrayOps.addWindow(acc, n0, nb, k, p, group.get(j), win, part, g, 1f / flips);
                    }
                }
            }
        }
        for (int i = 0; i < acc.length; i++) {
            acc[i] /= norm[i % pv];
        }
        float[] cropped = Arrays.equals(p, s) ? acc : ArrayOps.crop(acc, n * k, p, s, before);
        float[] result = netDim == 3 ? cropped : ArrayOps.swapFirstAxes(cropped, d, k, s[1] * s[2]);
        return image.withData(result, k);
    }

    private static int checkOutput(Shape shape, int nb, int netDim, int[] win) {
        int rank = netDim + 2;
        boolean ok = shape.dimension() == rank && shape.get(0) == nb;
        for (int i = 0; ok && i < netDim; i++) {
            ok = shape.get(2 + i) == win[3 - netDim + i];
        }
        if (!ok) {
            throw new PymicException(ExitCode.DATA, "network output " + shape + " does not match its input window "
                    + Arrays.toString(win) + " with batch " + nb + " (expected logits N,K,... at input resolution)");
        }
        return (int) shape.get(1);
    }

    private boolean wholeImage() {
        return !enabled || windowSize == null;
    }

    /**
     * {@code s} ({z, y, x}) rounded up to the network's size multiple ({y, x} for a 2D network, {z, y, x} for a
     * 3D one; null: unchanged): the whole-image window, zero-padded around the image and cropped back after.
     */
    static int[] roundUp(int[] s, int[] multiple) {
        int[] out = s.clone();
        if (multiple == null) {
            return out;
        }
        for (int i = 0; i < multiple.length; i++) {
            int a = 3 - multiple.length + i;
            out[a] = ceilTo(s[a], multiple[i]);
        }
        return out;
    }

    /**
     * Window size in {z, y, x} for a network whose poolings need {@code multiple} ({y, x} or {z, y, x}; null:
     * any size): the whole image rounded up to it when sliding windows are off, else {@code
     * sliding_window_size}, whose "whole axis" entries (non-positive) are rounded up the same way and whose
     * given sizes must divide, or the config is refused with the sizes that would.
     */
    int[] window(int netDim, int[] s, int[] multiple) {
        if (wholeImage()) {
            return roundUp(s, multiple);
        }
        checkWindow(netDim, multiple);
        return axes3(windowSize, netDim, roundUp(s, multiple), "sliding_window_size");
    }

    /**
     * Refuses a {@code sliding_window_size} whose given sizes the network's poolings ({@code multiple}, {y, x}
     * or {z, y, x}; null: any) do not divide, naming the sizes that would; "whole axis" entries (non-positive)
     * are rounded up per image; also refuses sizes or strides with a count of values the network cannot take (2
     * for a 3D network). {@code pymic check} and {@code train} call it before any image is read.
     */
    public void checkWindow(int netDim, int[] multiple) {
        if (wholeImage()) {
            return;
        }
        axes3(windowSize, netDim, new int[3], "sliding_window_size"); // refuses 2 values for a 3D network
        if (windowStride != null) {
            axes3(windowStride, netDim, new int[3], "sliding_window_stride");
        }
        if (multiple == null) {
            return;
        }
        int[] suggest = windowSize.clone();
        boolean divides = true;
        for (int i = 0; i < suggest.length; i++) {
            int a = 3 - suggest.length + i;
            int m = a - (3 - multiple.length);
            if (suggest[i] > 0 && m >= 0 && (a > 0 || netDim == 3)) {
                suggest[i] = ceilTo(suggest[i], multiple[m]);
                divides &= suggest[i] == windowSize[i];
            }
        }
        if (!divides) {
            throw new PymicException(ExitCode.CONFIG, "[testing] sliding_window_size = "
                    + Arrays.toString(windowSize) + ": the network halves each axis once per level and needs "
                    + "multiples of " + Arrays.toString(multiple) + "; use " + Arrays.toString(suggest));
        }
    }

    /** {@code v} rounded up to a multiple of {@code m}. */
    private static int ceilTo(int v, int m) {
        return (v + m - 1) / m * m;
    }

    private int[] stride(int netDim, int[] win) {
        int[] st = windowStride == null ? win.clone() : axes3(windowStride, netDim, win, "sliding_window_stride");
        for (int i = 0; i < 3; i++) {
            st[i] = Math.max(1, Math.min(st[i], win[i]));
        }
        return st;
    }

    /** Maps a 2- or 3-value setting to {z, y, x}; non-positive values mean "whole axis". */
    private static int[] axes3(int[] v, int netDim, int[] whole, String key) {
        int[] out = whole.clone();
        if (v.length == 3) {
            out[1] = v[1];
            out[2] = v[2];
            if (netDim == 3) {
                out[0] = v[0];
            }
        } else if (v.length == 2) {
            if (netDim == 3) {
                throw new PymicException(ExitCode.CONFIG, "[testing] " + key + " has 2 values but the network is 3D");
            }
            out[1] = v[0];
            out[2] = v[1];
        } else {
            throw new PymicException(ExitCode.CONFIG, "[testing] " + key + " expects 2 or 3 integers, got "
                    + Arrays.toString(v));
        }
        for (int i = 0; i < 3; i++) {
            if (out[i] <= 0) {
                out[i] = whole[i];
            }
        }
        return out;
    }

    /** Window corners: every stride along each axis, the last one moved back to end at the border. */
    static List<int[]> starts(int[] p, int[] win, int[] stride) {
        List<List<Integer>> per = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            List<Integer> l = new ArrayList<>();
            for (int v = 0; ; v += stride[a]) {
                int s = Math.min(v, p[a] - win[a]);
                if (l.isEmpty() || l.get(l.size() - 1) != s) {
                    l.add(s);
                }
                if (s + win[a] >= p[a]) {
                    break;
                }
            }
            per.add(l);
        }
        List<int[]> out = new ArrayList<>();
        for (int z : per.get(0)) {
            for (int y : per.get(1)) {
                for (int x : per.get(2)) {
                    out.add(new int[] {z, y, x});
                }
            }
        }
        return out;
    }

    /** Builder in the DJL style. */
    public static final class Builder {
        private boolean enabled;
        private int[] windowSize;
        private int[] windowStride;
        private boolean gaussian = true;
        private int ttaMode;
        private int sliceBatch = 8;
        private int windowBatch = 1;

        public Builder optEnabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** Window size as {h, w} or {d, h, w}; also enables sliding windows. */
        public Builder optWindowSize(int... size) {
            this.windowSize = size.clone();
            this.enabled = true;
            return this;
        }

        public Builder optWindowStride(int... stride) {
            this.windowStride = stride.clone();
            return this;
        }

        public Builder optGaussian(boolean gaussian) {
            this.gaussian = gaussian;
            return this;
        }

        /** 0: none; 1: average over flips along H, W and both; 2: average over the three views of a volume. */
        public Builder optTtaMode(int ttaMode) {
            this.ttaMode = ttaMode;
            return this;
        }

        /** Slices per forward pass when a 2D network runs on a 3D volume. */
        public Builder optSliceBatch(int sliceBatch) {
            this.sliceBatch = Math.max(1, sliceBatch);
            return this;
        }

        /** Windows per forward pass ({@code sliding_window_batch}); the result does not depend on it. */
        public Builder optWindowBatch(int windowBatch) {
            if (windowBatch < 1) {
                throw new IllegalArgumentException("window batch must be at least 1, got " + windowBatch);
            }
            this.windowBatch = windowBatch;
            return this;
        }

        public SlidingWindowInferer build() {
            return new SlidingWindowInferer(this);
        }
    }
}
