package org.pymic.core.label;

/**
 * The connected components of a mask: {@code labels()[i]} is 0 for background and 1..count for
 * the component of voxel i, numbered in raster order of their first voxel (as scipy's
 * {@code ndimage.label}); {@code size(k)} is the voxel count of component k.
 */
public final class Components {
    private final int[] labels;
    private final long[] sizes;

    Components(int[] labels, long[] sizes) {
        this.labels = labels;
        this.sizes = sizes;
    }

    /** Component index per voxel (0 = background). Not copied. */
    public int[] labels() {
        return labels;
    }

    /** Number of components. */
    public int count() {
        return sizes.length - 1;
    }

    /** Voxel count of component {@code k} (1-based). */
    public long size(int k) {
        if (k < 1 || k > count()) {
            throw new IndexOutOfBoundsException("component " + k + " of " + count());
        }
        return sizes[k];
    }

    /** Sizes of components 1..count, as an array indexed from 0. */
    public long[] sizes() {
        return java.util.Arrays.copyOfRange(sizes, 1, sizes.length);
    }

    /** The component with the most voxels (the first one on ties), or 0 when there is none. */
    public int largest() {
        int best = 0;
        for (int k = 1; k < sizes.length; k++) {
            if (best == 0 || sizes[k] > sizes[best]) {
                best = k;
            }
        }
        return best;
    }

    /** The voxels of component {@code k}. */
    public boolean[] mask(int k) {
        boolean[] out = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i] == k;
        }
        return out;
    }
}
