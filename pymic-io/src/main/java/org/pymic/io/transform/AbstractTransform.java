package org.pymic.io.transform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.pymic.core.error.PymicException;
import org.pymic.core.image.Volume;
import org.pymic.core.registry.Params;
import org.pymic.io.data.Sample;
import org.pymic.io.data.TransformRecord;

/**
 * Shared plumbing of the transforms: the name and PyMIC's {@code inverse} flag, applying one
 * spatial operation to image, label, pixel weight and extra volumes with the right interpolation
 * (linear for images, weights and class probabilities, nearest for a one-channel label map and
 * masks), records, reading list parameters that may hold {@code None}, and checking parameter
 * values with errors that name the {@code <Transform>_<param>} key.
 */
public abstract class AbstractTransform implements Transform {
    private final String name;
    private final boolean inverse;

    protected AbstractTransform(String name, Params p) {
        this.name = name;
        // the declared default of a spatial transform's inverse (resolved into p); transforms without the key never invert
        this.inverse = p.has("inverse") && p.getBool("inverse");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean appliesToInference() {
        return inverse;
    }

    /**
     * Applies {@code op} to image, label, weight and extra volumes, each with its interpolation
     * (nearest for label maps and extra masks, linear otherwise).
     */
    protected static void mapSpatial(Sample s, BiFunction<Volume, Interpolation, Volume> op) {
        s.setImage(op.apply(s.image(), Interpolation.LINEAR));
        if (s.label() != null) {
            Interpolation li = s.label().channels() == 1 ? Interpolation.NEAREST : Interpolation.LINEAR;
            s.setLabel(op.apply(s.label(), li));
        }
        if (s.pixelWeight() != null) {
            s.setPixelWeight(op.apply(s.pixelWeight(), Interpolation.LINEAR));
        }
        for (String key : List.copyOf(s.extraVolumes().keySet())) {
            if (s.isExtraMask(key)) {
                s.putExtraMask(key, op.apply(s.extraVolume(key), Interpolation.NEAREST));
            } else {
                s.putExtraImage(key, op.apply(s.extraVolume(key), Interpolation.LINEAR));
            }
        }
    }

    /** Appends a record of this transform with key/value pairs. */
    protected void record(Sample s, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        s.history().add(new TransformRecord(name, m));
    }

    /** A list parameter as boxed integers, {@code None} entries as null; null when unset. */
    protected static Integer[] intsOrNull(Params p, String key) {
        List<?> l = p.getList(key);
        if (l == null) {
            return null;
        }
        Integer[] out = new Integer[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = l.get(i) == null ? null : ((Number) l.get(i)).intValue();
        }
        return out;
    }

    /** A list parameter as doubles; null when unset. */
    protected static double[] doubles(Params p, String key) {
        return p.getDoubleArray(key);
    }

    /**
     * A PyMIC size ([H, W] or [D, H, W], None = keep that axis) as {D, H, W} for {@code v}; a 2-value
     * size applied to a 3D volume sizes H and W and keeps D.
     */
    protected int[] target(Integer[] size, Volume v, String param) {
        int[] cur = VolumeOps.spatial(v);
        if (size.length != 2 && size.length != 3) {
            throw PymicException.config(name + "_" + param + " expects [H, W] or [D, H, W], got "
                    + size.length + " values");
        }
        int[] out = cur.clone();
        int off = 3 - size.length;
        for (int i = 0; i < size.length; i++) {
            if (size[i] != null) {
                out[i + off] = size[i];
            }
        }
        return out;
    }

    /** Fails naming the key {@code <Transform>_<param>} unless {@code lo <= value <= hi}. */
    protected double inRange(String param, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw PymicException.config(name + "_" + param + " must be in [" + lo + ", " + hi + "], got " + value);
        }
        return value;
    }

    /** Reads an int[3] stored in a record. */
    protected static int[] ints(TransformRecord r, String key) {
        return (int[]) r.params().get(key);
    }

    /** The channels a per-channel transform works on: the list, or all channels when null. */
    protected static int[] channels(Integer[] chns, Volume image, String owner) {
        int c = image.channels();
        if (chns == null) {
            int[] all = new int[c];
            for (int i = 0; i < c; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[chns.length];
        for (int i = 0; i < chns.length; i++) {
            if (chns[i] == null || chns[i] < 0 || chns[i] >= c) {
                throw PymicException.data(owner + "_channels: channel " + chns[i] + " does not exist (image has "
                        + c + " channel(s))");
            }
            out[i] = chns[i];
        }
        return out;
    }
}
