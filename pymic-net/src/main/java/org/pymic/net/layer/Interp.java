package org.pymic.net.layer;

/** Interpolation kernels of {@link Resize}, as PyTorch's {@code nn.Upsample} modes. */
public enum Interp {
    /** PyTorch's legacy {@code nearest}: source index floor(dst * in / out). */
    NEAREST,
    /** Linear along each axis: bilinear in 2D, trilinear in 3D. */
    LINEAR,
    /** Cubic convolution along each axis (Keys, 1981) with a = -0.75: PyTorch's bicubic. */
    CUBIC
}
