package org.pymic.io.transform;

import static org.pymic.core.registry.ParamType.BOOL;
import static org.pymic.core.registry.ParamType.FLOAT;
import static org.pymic.core.registry.ParamType.FLOAT_LIST;
import static org.pymic.core.registry.ParamType.INT;
import static org.pymic.core.registry.ParamType.INT_LIST;
import static org.pymic.core.registry.ParamType.LIST;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.pymic.core.registry.ComponentKind;
import org.pymic.core.registry.ComponentProvider;
import org.pymic.core.registry.ComponentSpec;
import org.pymic.core.registry.Params;

/**
 * The transforms of pymic-io as registry components. Parameter names are PyMIC's without the
 * {@code <Transform>_} prefix (in {@code [dataset]} they are written {@code RandomCrop_output_size}
 * and so on); defaults are PyMIC's where PyMIC has one. Every transform has {@code inverse}.
 */
public final class TransformProvider implements ComponentProvider {

    @Override
    public List<ComponentSpec> components() {
        List<ComponentSpec> out = new ArrayList<>();
        out.add(spec("Pad", "Pads (reflect) to at least output_size.", true, Pad::new)
                .required("output_size", INT_LIST, "minimal size [H, W] or [D, H, W]")
                .optional("ceil_mode", BOOL, false, "pad to a multiple of output_size").build());
        out.add(spec("CenterCrop", "Crops output_size at the centre.", true, CenterCrop::new)
                .required("output_size", INT_LIST, "size [H, W] or [D, H, W]; None keeps an axis").build());
        out.add(spec("RandomCrop", "Crops output_size at a random (or foreground-centred) position.", true,
                RandomCrop::new)
                .required("output_size", INT_LIST, "size [H, W] or [D, H, W]; None keeps an axis")
                .optional("foreground_focus", BOOL, false, "centre some crops on foreground voxels")
                .optional("foreground_ratio", FLOAT, 0.5, "probability of a foreground-centred crop")
                .optional("mask_label", INT_LIST, null, "foreground labels (default: all present)").build());
        out.add(spec("CropWithBoundingBox", "Crops around the box of voxels above a threshold.", true,
                CropWithBoundingBox::new)
                .optional("start", INT_LIST, null, "start index per axis (None: centred on the box)")
                .optional("output_size", INT_LIST, null, "size (None: the box's size)")
                .optional("threshold", FLOAT, 1.0, "intensity threshold defining the box").build());
        out.add(spec("Rescale", "Resizes to output_size (int: shortest axis).", true, Rescale::new)
                .required("output_size", LIST, "size [H, W] or [D, H, W], or one int").build());
        out.add(spec("RandomRescale", "Zooms by a random ratio per axis.", false, RandomRescale::new)
                .required("lower_bound", FLOAT_LIST, "lowest ratio (one, or per axis)")
                .required("upper_bound", FLOAT_LIST, "highest ratio (one, or per axis)")
                .optional("probability", FLOAT, 0.5, "probability of rescaling").build());
        out.add(spec("Resample", "Resamples to a voxel spacing.", true, Resample::new)
                .required("output_spacing", FLOAT_LIST, "spacing [D, H, W] (None keeps an axis)")
                .optional("ignore_zspacing_range", FLOAT_LIST, null, "keep z when its spacing is in (a, b)").build());
        out.add(spec("RandomFlip", "Flips each enabled axis with probability 0.5.", true, RandomFlip::new)
                .optional("flip_depth", BOOL, true, "flip along D (3D only)")
                .optional("flip_height", BOOL, true, "flip along H")
                .optional("flip_width", BOOL, true, "flip along W").build());
        out.add(spec("RandomRotate", "Rotates by random angles (degrees), zero fill.", true, RandomRotate::new)
                .optional("angle_range_d", FLOAT_LIST, null, "angle range about the depth axis (H x W plane)")
                .optional("angle_range_h", FLOAT_LIST, null, "angle range about the height axis (3D)")
                .optional("angle_range_w", FLOAT_LIST, null, "angle range about the width axis (3D)").build());
        out.add(spec("RandomRot90", "Rotates the H x W plane by k quarter turns, k uniform in 0..3.", true,
                RandomRot90::new)
                .optional("probability", FLOAT, 1.0, "probability of drawing a rotation").build());
        out.add(spec("RandomTranspose", "Swaps D with W or H at random (3D).", true, RandomTranspose::new).build());
        out.add(spec("Affine", "Random in-plane scale, shear and rotation.", true, Affine::new)
                .required("scale_range", FLOAT_LIST, "scale range, e.g. [0.8, 1.2]")
                .required("shear_range", FLOAT_LIST, "shear angle range (degrees)")
                .required("rotate_range", FLOAT_LIST, "rotation range (degrees)")
                .optional("output_size", INT_LIST, null, "output [H, W] (default: input size)").build());
        out.add(channels(spec("NormalizeWithMeanStd", "(x - mean) / std per channel.", false,
                NormalizeWithMeanStd::new))
                .optional("mean", FLOAT_LIST, null, "means per listed channel (None: computed)")
                .optional("std", FLOAT_LIST, null, "standard deviations per listed channel (None: computed)")
                .optional("mask", BOOL, false, "statistics from voxels above 0 only")
                .optional("random_fill", BOOL, false, "with mask: fill voxels outside with N(0, 1)").build());
        out.add(channels(spec("NormalizeWithMinMax", "Clips and maps to [0, 1].", false, NormalizeWithMinMax::new))
                .optional("threshold_lower", FLOAT_LIST, null, "lower bound per listed channel (None: min)")
                .optional("threshold_upper", FLOAT_LIST, null, "upper bound per listed channel (None: max)").build());
        out.add(channels(spec("NormalizeWithPercentiles", "Clips to percentiles and maps to [0, 1].", false,
                NormalizeWithPercentiles::new))
                .required("percentile_lower", FLOAT, "lower percentile, e.g. 0.5")
                .required("percentile_upper", FLOAT, "upper percentile, e.g. 99.5").build());
        out.add(channels(spec("IntensityClip", "Clips intensities per channel.", false, IntensityClip::new))
                .optional("lower", FLOAT_LIST, null, "lower bound per channel (None: 0.05th percentile)")
                .optional("upper", FLOAT_LIST, null, "upper bound per channel (None: 99.95th percentile)")
                .optional("percentile_mode", BOOL, false, "bounds are percentiles").build());
        out.add(channels(spec("GammaCorrection", "Random gamma on min/max-normalised intensities.", false,
                GammaCorrection::new))
                .optional("gamma_min", FLOAT, 0.7, "lowest gamma")
                .optional("gamma_max", FLOAT, 1.5, "highest gamma")
                .optional("intensity_flip_probability", FLOAT, 0.0, "probability of inverting intensities first")
                .optional("probability", FLOAT, 0.5, "probability per channel").build());
        out.add(channels(spec("GaussianNoise", "Adds Gaussian noise.", false, GaussianNoise::new))
                .optional("mean", FLOAT, 0.0, "noise mean (older PyMIC key set)")
                .optional("std", FLOAT, null, "noise standard deviation (older PyMIC key set); when absent the"
                        + " standard deviation is drawn from [std_min, std_max] as PyMIC 0.5 does")
                .optional("std_min", FLOAT, 0.02, "smallest noise standard deviation (PyMIC 0.5)")
                .optional("std_max", FLOAT, 0.1, "largest noise standard deviation (PyMIC 0.5)")
                .optional("probability", FLOAT, 0.5, "probability (per channel with std, per image with std_min/std_max)")
                .optional("probability_per_channel", FLOAT, 0.5,
                        "PyMIC 0.5: probability per channel once the image is chosen").build());
        out.add(channels(spec("GaussianBlur", "Gaussian smoothing with a random sigma.", false, GaussianBlur::new))
                .optional("sigma_range", FLOAT_LIST, List.of(0.5, 1.0), "sigma range (voxels)")
                .optional("probability", FLOAT, 0.5, "probability per channel").build());
        out.add(channels(spec("BrightnessAdditive", "Adds a random constant per channel.", false,
                BrightnessAdditive::new))
                .optional("mean", FLOAT, 0.0, "mean of the added constant")
                .optional("std", FLOAT, 0.1, "standard deviation of the added constant")
                .optional("probability", FLOAT, 0.5, "probability per channel").build());
        out.add(channels(spec("BrightnessMultiplicative", "Multiplies a channel by a random factor.", false,
                BrightnessMultiplicative::new))
                .optional("multiplier_range", FLOAT_LIST, List.of(0.75, 1.25), "factor range")
                .optional("probability", FLOAT, 0.5, "probability per channel").build());
        out.add(channels(spec("RandomColorJitter", "Brightness and contrast jitter (UniMatch's ColorJitter on grayscale):"
                + " x' = m + f_c (x - m) + (f_b - 1) s with the channel's mean m and std s.", false,
                RandomColorJitter::new))
                .optional("brightness", FLOAT, 0.5, "f_b uniform in [max(0, 1 - brightness), 1 + brightness]")
                .optional("contrast", FLOAT, 0.5, "f_c uniform in [max(0, 1 - contrast), 1 + contrast]")
                .optional("probability", FLOAT, 0.8, "probability per channel").build());
        out.add(channels(spec("RandomGaussianBlur", "In-plane (H, W) Gaussian blur with a random sigma, edge padding"
                + " (UniMatch's strong-view blur).", false, RandomGaussianBlur::new))
                .optional("sigma_range", FLOAT_LIST, List.of(0.1, 2.0), "sigma range [min, max] (pixels)")
                .optional("probability", FLOAT, 0.5, "probability per channel").build());
        out.add(spec("RandomCutMixBox", "Makes the extra mask cutmix_box: one random box per H x W slice"
                + " (UniMatch's obtain_cutmix_box).", false, RandomCutMixBox::new)
                .optional("probability", FLOAT, 0.5, "probability of a box, per slice")
                .optional("size_min", FLOAT, 0.02, "smallest box area, as a fraction of the slice")
                .optional("size_max", FLOAT, 0.4, "largest box area, as a fraction of the slice")
                .optional("ratio_min", FLOAT, 0.3, "smallest height/width ratio (UniMatch's ratio_1)")
                .optional("ratio_max", FLOAT, 1 / 0.3, "largest height/width ratio (UniMatch's ratio_2)").build());
        out.add(spec("LabelConvert", "Maps label values source_list[i] to target_list[i].", false,
                LabelConvert::new)
                .required("source_list", INT_LIST, "labels to convert")
                .required("target_list", INT_LIST, "their new values").build());
        out.add(spec("LabelConvertNonzero", "Binary label: nonzero becomes 1.", false, LabelConvertNonzero::new)
                .build());
        out.add(spec("LabelToProbability", "One-hot label channels.", false, LabelToProbability::new)
                .required("class_num", INT, "number of classes ([network] class_num by default)").build());
        out.add(spec("PartialLabelToProbability", "One-hot of partial labels; class_num = not annotated, weight 0.",
                false, PartialLabelToProbability::new)
                .required("class_num", INT, "number of classes ([network] class_num by default)").build());
        out.add(spec("ReduceLabelDim", "Accepted for compatibility; labels stay K-channel.", false,
                ReduceLabelDim::new).build());
        return out;
    }

    private static ComponentSpec.Builder spec(String name, String doc, boolean inverse,
                                              Function<Params, Transform> factory) {
        return ComponentSpec.builder(ComponentKind.TRANSFORM, name).doc(doc)
                .optional("inverse", BOOL, inverse, "run at inference and invert on the prediction")
                .factory(factory::apply);
    }

    private static ComponentSpec.Builder channels(ComponentSpec.Builder b) {
        return b.optional("channels", INT_LIST, null, "channels to change (None: all)");
    }
}
