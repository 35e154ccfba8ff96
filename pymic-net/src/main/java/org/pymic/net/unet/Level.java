package org.pymic.net.unet;

import org.pymic.net.layer.Layers;

/**
 * Geometry of one resolution level of a U-Net: the convolution kernel, the down/up-sampling
 * factors between this level and the next coarser one, and how many trailing axes instance
 * normalisation pools over. A 3D level of a 3D tensor is (3x3x3, 2x2x2, 3); an in-plane level of a
 * 3D tensor (2.5D U-Net) is (1x3x3, 1x2x2, 2), i.e. a 2D layer applied slice by slice.
 */
public record Level(int[] kernel, int[] scale, int normAxes) {

    /** An isotropic level of a {@code dim}-D tensor. */
    public static Level full(int dim) {
        return new Level(Layers.isotropic(dim, 3), Layers.isotropic(dim, 2), dim);
    }

    /** An in-plane (2D) level of a 3D tensor. */
    public static Level inPlane() {
        return new Level(new int[] {1, 3, 3}, new int[] {1, 2, 2}, 2);
    }

    /** Number of spatial axes of the tensors at this level. */
    public int rank() {
        return kernel.length;
    }
}
