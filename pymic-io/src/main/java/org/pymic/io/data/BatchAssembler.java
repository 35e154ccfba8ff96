package org.pymic.io.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;

/**
 * Stacks samples of equal shape into a {@link Batch}.
 *
 * <ul>
 *   <li>3D networks: image {N, C, D, H, W}; 2D networks on 2D data (D = 1): {N, C, H, W}.</li>
 *   <li>2D networks on 3D samples: the D slices are folded into the batch as PyMIC's 2D networks do
 *       on 5D input ({@code transpose(1, 2)} then reshape to {N*D, C, H, W}): item {@code n*D + d} is
 *       slice d of sample n. The batch size counts samples (N), so a batch holds N*D slices.</li>
 *   <li>Labels become K-channel float probabilities: a one-channel map of class indices is one-hot
 *       encoded with K = {@code classNum}; a voxel whose value is outside [0, K) (e.g. the
 *       "not annotated" value K of scribbles) gets all zeros and pixel weight 0. A label that already
 *       has K channels is copied.</li>
 *   <li>Pixel weight: one channel, null when every weight is 1.</li>
 *   <li>Extra volumes ({@link Sample#extraVolumes()}): each name becomes a {@link Batch.Extra}
 *       stacked and folded like the image, with the extra's own channel count. Every sample of the
 *       batch must have the same extra names, each of the image's spatial shape.</li>
 * </ul>
 * Labels and weights are null for unlabelled samples; mixing labelled and unlabelled samples in one
 * batch is an error.
 */
public final class BatchAssembler {
    private final int classNum;
    private final int networkDim;

    /** {@code classNum} may be 0 when labels are already K-channel probabilities. */
    public BatchAssembler(int classNum, int networkDim) {
        if (networkDim != 2 && networkDim != 3) {
            throw new IllegalArgumentException("network dimension must be 2 or 3, got " + networkDim);
        }
        this.classNum = classNum;
        this.networkDim = networkDim;
    }

    public Batch assemble(List<Sample> samples) {
        Sample first = samples.get(0);
        Volume f = first.image();
        int n = samples.size();
        int c = f.channels();
        int d = f.depth();
        int h = f.height();
        int w = f.width();
        boolean labelled = first.label() != null;
        int k = labelled ? (first.label().channels() > 1 ? first.label().channels() : classNum) : 0;
        if (labelled && k < 1) {
            throw PymicException.config("labels of " + first.name() + " are class indices but the class count is "
                    + "unknown: set [network] class_num or add LabelToProbability");
        }
        List<String> names = new ArrayList<>();
        int vox = d * h * w;
        float[] image = new float[n * c * vox];
        float[] label = labelled ? new float[n * k * vox] : null;
        float[] weight = labelled ? new float[n * vox] : null;
        boolean anyWeight = false;
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            names.add(s.name());
            Volume img = s.image();
            if (img.channels() != c || img.depth() != d || img.height() != h || img.width() != w) {
                throw PymicException.data("samples of one batch differ in shape: " + s.name() + " is "
                        + shape(img) + ", " + first.name() + " is " + shape(f)
                        + " (add a crop, pad or rescale transform so that they match)");
            }
            if ((s.label() != null) != labelled) {
                throw PymicException.data("a batch mixes labelled and unlabelled cases: " + s.name() + " and "
                        + first.name());
            }
            System.arraycopy(img.data(), 0, image, i * c * vox, c * vox);
            if (labelled) {
                anyWeight |= fillLabel(s, k, label, weight, i, vox);
            }
        }
        if (!anyWeight) {
            weight = null;
        }
        Map<String, Batch.Extra> extras = extras(samples);
        if (networkDim == 2 && d > 1) {
            image = fold(image, n, c, d, h * w);
            label = label == null ? null : fold(label, n, k, d, h * w);
            weight = weight == null ? null : fold(weight, n, 1, d, h * w);
            int m = n * d;
            return new Batch(image, new int[] {m, c, h, w}, label, label == null ? null : new int[] {m, k, h, w},
                    weight, weight == null ? null : new int[] {m, 1, h, w}, names, extras);
        }
        int[] is = networkDim == 2 ? new int[] {n, c, h, w} : new int[] {n, c, d, h, w};
        return new Batch(image, is, label, label == null ? null : withChannels(is, k),
                weight, weight == null ? null : withChannels(is, 1), names, extras);
    }

    /** Each extra volume name stacked over the samples, shaped (and folded) like the image. */
    private Map<String, Batch.Extra> extras(List<Sample> samples) {
        Sample first = samples.get(0);
        Volume f = first.image();
        int n = samples.size();
        int d = f.depth();
        int hw = f.height() * f.width();
        Map<String, Batch.Extra> out = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (!s.extraVolumes().keySet().equals(first.extraVolumes().keySet())) {
                throw PymicException.data("samples of one batch have different extra volumes: " + s.name() + " has "
                        + s.extraVolumes().keySet() + ", " + first.name() + " has " + first.extraVolumes().keySet());
            }
        }
        for (String key : first.extraVolumes().keySet()) {
            int c = first.extraVolume(key).channels();
            float[] x = new float[n * c * d * hw];
            for (int i = 0; i < n; i++) {
                Sample s = samples.get(i);
                Volume v = s.extraVolume(key);
                if (v.channels() != c || v.depth() != d || v.height() != f.height() || v.width() != f.width()) {
                    throw PymicException.data(s.name() + ": extra volume '" + key + "' is " + shape(v)
                            + ", expected " + c + "x" + d + "x" + f.height() + "x" + f.width()
                            + " (the image's spatial shape, " + c + " channel(s) as in " + first.name() + ")");
                }
                System.arraycopy(v.data(), 0, x, i * c * d * hw, c * d * hw);
            }
            int[] shape;
            if (networkDim == 2 && d > 1) {
                x = fold(x, n, c, d, hw);
                shape = new int[] {n * d, c, f.height(), f.width()};
            } else if (networkDim == 2) {
                shape = new int[] {n, c, f.height(), f.width()};
            } else {
                shape = new int[] {n, c, d, f.height(), f.width()};
            }
            out.put(key, new Batch.Extra(x, shape));
        }
        return out;
    }

    /** Writes sample i's one-hot label and weight; true when some weight differs from 1. */
    private boolean fillLabel(Sample s, int k, float[] label, float[] weight, int i, int vox) {
        Volume l = s.label();
        Volume pw = s.pixelWeight();
        if (l.depth() * l.height() * l.width() != vox) {
            throw PymicException.data(s.name() + ": label shape " + shape(l) + " differs from the image's");
        }
        boolean changed = false;
        for (int j = 0; j < vox; j++) {
            float wj = pw == null ? 1f : pw.data()[j];
            weight[i * vox + j] = wj;
            changed |= wj != 1f;
        }
        if (l.channels() == 1) {
            for (int j = 0; j < vox; j++) {
                int cls = Math.round(l.data()[j]);
                if (cls >= 0 && cls < k) {
                    label[(i * k + cls) * vox + j] = 1f;
                } else {
                    weight[i * vox + j] = 0f;
                    changed = true;
                }
            }
        } else if (l.channels() == k) {
            System.arraycopy(l.data(), 0, label, i * k * vox, k * vox);
        } else {
            throw PymicException.data(s.name() + ": label has " + l.channels() + " channels, expected " + k);
        }
        return changed;
    }

    /** [n][c][d][hw] to [n][d][c][hw]. */
    static float[] fold(float[] x, int n, int c, int d, int hw) {
        float[] out = new float[x.length];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int z = 0; z < d; z++) {
                    System.arraycopy(x, ((i * c + ch) * d + z) * hw, out, ((i * d + z) * c + ch) * hw, hw);
                }
            }
        }
        return out;
    }

    private static int[] withChannels(int[] shape, int ch) {
        int[] s = shape.clone();
        s[1] = ch;
        return s;
    }

    private static String shape(Volume v) {
        return v.channels() + "x" + v.depth() + "x" + v.height() + "x" + v.width();
    }
}
