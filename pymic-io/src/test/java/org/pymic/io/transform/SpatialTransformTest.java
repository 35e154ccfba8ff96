package org.pymic.io.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.pymic.io.transform.TestTransforms.make;
import static org.pymic.io.transform.TestTransforms.ramp;
import static org.pymic.io.transform.TestTransforms.rng;
import static org.pymic.io.transform.TestTransforms.sample;
import static org.pymic.io.transform.TestTransforms.vol;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pymic.core.image.Volume;
import org.pymic.io.data.Sample;
import org.pymic.io.data.TransformRecord;

class SpatialTransformTest {

    private static Volume invertLast(Transform t, Sample s, Volume prediction, Interpolation mode) {
        TransformRecord r = s.history().get(s.history().size() - 1);
        return t.invert(prediction, r, mode);
    }

    @Test
    void centerCropTakesTheMiddleAndInvertPastesBack() {
        Transform t = make("CenterCrop", Map.of("output_size", List.of(2, 4)));
        Sample s = t.apply(sample(ramp(1, 4, 6), ramp(1, 4, 6)), rng(1));
        // rows 1..2, columns 1..4 of a 4x6 ramp
        assertThat(s.image().data()).containsExactly(7, 8, 9, 10, 13, 14, 15, 16);
        assertThat(s.label().data()).containsExactly(7, 8, 9, 10, 13, 14, 15, 16);
        Volume back = invertLast(t, s, s.image(), Interpolation.LINEAR);
        assertThat(back.height()).isEqualTo(4);
        assertThat(back.width()).isEqualTo(6);
        assertThat(back.get(0, 0, 1, 1)).isEqualTo(7f);
        assertThat(back.get(0, 0, 2, 4)).isEqualTo(16f);
        assertThat(back.get(0, 0, 0, 0)).isZero();
        assertThat(back.get(0, 0, 3, 5)).isZero();
    }

    @Test
    void padReflectsAndInvertCropsBack() {
        Transform t = make("Pad", Map.of("output_size", List.of(1, 6)));
        Sample s = t.apply(sample(vol(1, 1, 3, 1, 2, 3), null), rng(1));
        // margin 3: lower 1, upper 2, numpy reflect
        assertThat(s.image().data()).containsExactly(2, 1, 2, 3, 2, 1);
        Volume back = invertLast(t, s, s.image(), Interpolation.LINEAR);
        assertThat(back.data()).containsExactly(1, 2, 3);
    }

    @Test
    void padCeilModeRoundsUpToAMultiple() {
        Transform t = make("Pad", Map.of("output_size", List.of(4, 4), "ceil_mode", true));
        Sample s = t.apply(sample(ramp(1, 5, 8), null), rng(1));
        assertThat(s.image().height()).isEqualTo(8);
        assertThat(s.image().width()).isEqualTo(8);
    }

    @Test
    void rescaleOfARampIsLinearAndLabelsNearest() {
        Transform t = make("Rescale", Map.of("output_size", List.of(1, 7)));
        Sample s = t.apply(sample(vol(1, 1, 4, 0, 1, 2, 3), vol(1, 1, 4, 0, 0, 1, 1)), rng(1));
        assertThat(s.image().data()).containsExactly(0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f);
        // coordinates 0, .5, 1, 1.5, 2, 2.5, 3 rounded half up: 0 1 1 2 2 3 3
        assertThat(s.label().data()).containsExactly(0, 0, 0, 1, 1, 1, 1);
        Volume back = invertLast(t, s, s.image(), Interpolation.LINEAR);
        assertThat(back.data()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void extraVolumesMoveWithTheImageLinearForImagesNearestForMasks() {
        Transform t = make("Rescale", Map.of("output_size", List.of(1, 7)));
        Sample in = sample(vol(1, 1, 4, 0, 1, 2, 3), null);
        in.putExtraImage("view", vol(1, 1, 4, 0, 1, 2, 3));
        in.putExtraMask("box", vol(1, 1, 4, 0, 0, 1, 1));
        Sample s = t.apply(in, rng(1));
        assertThat(s.extraVolume("view").data()).containsExactly(0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f);
        assertThat(s.extraVolume("box").data()).containsExactly(0, 0, 0, 1, 1, 1, 1);
        assertThat(s.isExtraMask("box")).isTrue();
        assertThat(s.isExtraMask("view")).isFalse();
    }

    @Test
    void rescaleWithOneIntMatchesTheShortestAxis() {
        Transform t = make("Rescale", Map.of("output_size", 4));
        Sample s = t.apply(sample(ramp(1, 2, 3), null), rng(1));
        assertThat(s.image().height()).isEqualTo(4);
        assertThat(s.image().width()).isEqualTo(6);
    }

    @Test
    void resampleUsesSpacingRatioAndSetsTheSpacing() {
        Transform t = make("Resample", Map.of("output_spacing", List.of(1.0, 1.0)));
        Volume img = new Volume(new float[] {0, 2, 4, 6, 8, 10}, 1, 1, 2, 3,
                new double[] {2, 0.5, 1}, null, null, null);
        Sample s = t.apply(sample(img, null), rng(1));
        // W: 3 * 2 / 1 = 6, H: 2 * 0.5 / 1 = 1
        assertThat(s.image().width()).isEqualTo(6);
        assertThat(s.image().height()).isEqualTo(1);
        assertThat(s.image().spacing()).containsExactly(1.0, 1.0, 1.0);
        Volume back = invertLast(t, s, s.image(), Interpolation.LINEAR);
        assertThat(VolumeOps.spatial(back)).containsExactly(1, 2, 3);
    }

    @Test
    void flipIsItsOwnInverseAndFlipsTheLabelToo() {
        Transform t = make("RandomFlip", Map.of());
        for (long seed = 0; seed < 8; seed++) {
            Volume img = ramp(2, 3, 4);
            Sample s = t.apply(sample(img, ramp(2, 3, 4)), rng(seed));
            boolean[] axes = (boolean[]) s.history().get(0).params().get("axes");
            for (int d = 0; d < 2; d++) {
                for (int h = 0; h < 3; h++) {
                    for (int w = 0; w < 4; w++) {
                        int sd = axes[0] ? 1 - d : d;
                        int sh = axes[1] ? 2 - h : h;
                        int sw = axes[2] ? 3 - w : w;
                        assertThat(s.image().get(0, d, h, w)).isEqualTo(img.get(0, sd, sh, sw));
                    }
                }
            }
            assertThat(s.label().data()).containsExactly(s.image().data());
            assertThat(invertLast(t, s, s.image(), Interpolation.LINEAR).data()).containsExactly(img.data());
        }
    }

    @Test
    void rot90MatchesNumpyAndInverts() {
        Volume img = vol(1, 2, 3, 1, 2, 3, 4, 5, 6);
        assertThat(VolumeOps.rot90(img, 1).data()).containsExactly(3, 6, 2, 5, 1, 4);
        assertThat(VolumeOps.rot90(img, 2).data()).containsExactly(6, 5, 4, 3, 2, 1);
        Transform t = make("RandomRot90", Map.of());
        for (long seed = 0; seed < 6; seed++) {
            Sample s = t.apply(sample(img, img), rng(seed));
            assertThat(invertLast(t, s, s.image(), Interpolation.NEAREST).data()).containsExactly(img.data());
        }
    }

    @Test
    void transposeInverts() {
        Transform t = make("RandomTranspose", Map.of());
        Volume img = ramp(2, 3, 4);
        int transposed = 0;
        for (long seed = 0; seed < 12; seed++) {
            Sample s = t.apply(sample(img, null), rng(seed));
            if (!s.history().isEmpty()) {
                transposed++;
                assertThat(VolumeOps.spatial(s.image())).isNotEqualTo(new int[] {2, 3, 4});
                assertThat(invertLast(t, s, s.image(), Interpolation.LINEAR).data()).containsExactly(img.data());
            }
        }
        assertThat(transposed).isPositive();
    }

    @Test
    void rotateByQuarterTurnsIsExactAndInverts() {
        Transform t = make("RandomRotate", Map.of("angle_range_d", List.of(90.0, 90.0)));
        Volume img = ramp(1, 3, 3);
        Sample s = t.apply(sample(img, img), rng(3));
        float[] r = s.image().data();
        // a 90 degree turn of a 3x3 grid about its centre is a permutation with the centre fixed
        assertThat(r[4]).isEqualTo(4f);
        float[] sorted = r.clone();
        Arrays.sort(sorted);
        assertThat(sorted).containsExactly(img.data());
        assertThat(r).isNotEqualTo(img.data());
        Volume back = invertLast(t, s, s.image(), Interpolation.LINEAR);
        assertThat(back.data()).usingComparatorWithPrecision(1e-4f).containsExactly(img.data());
    }

    @Test
    void identityAffineKeepsTheImage() {
        Transform t = make("Affine", Map.of("scale_range", List.of(1.0, 1.0), "shear_range", List.of(0.0, 0.0),
                "rotate_range", List.of(0.0, 0.0)));
        Volume img = ramp(1, 4, 5);
        Sample s = t.apply(sample(img, img), rng(1));
        assertThat(s.image().data()).usingComparatorWithPrecision(1e-4f).containsExactly(img.data());
        assertThat(invertLast(t, s, s.image(), Interpolation.LINEAR).data())
                .usingComparatorWithPrecision(1e-4f).containsExactly(img.data());
    }

    @Test
    void affineScaleTwoInvertsOnTheInterior() {
        Transform t = make("Affine", Map.of("scale_range", List.of(2.0, 2.0), "shear_range", List.of(0.0, 0.0),
                "rotate_range", List.of(0.0, 0.0)));
        Volume img = ramp(1, 9, 9);
        Sample s = t.apply(sample(img, null), rng(1));
        // zoom x2 about the centre (4, 4): output (4, 6) samples input (4, 5)
        assertThat(s.image().get(0, 0, 4, 6)).isCloseTo(img.get(0, 0, 4, 5), within(1e-4f));
        Volume back = invertLast(t, s, s.image(), Interpolation.LINEAR);
        assertThat(back.get(0, 0, 4, 5)).isCloseTo(img.get(0, 0, 4, 5), within(1e-3f));
    }

    @Test
    void randomCropStaysInsideAndInverts() {
        Transform t = make("RandomCrop", Map.of("output_size", List.of(2, 3)));
        Volume img = ramp(1, 5, 7);
        for (long seed = 0; seed < 10; seed++) {
            Sample s = t.apply(sample(img, null), rng(seed));
            int[] min = (int[]) s.history().get(0).params().get("cropMin");
            assertThat(min[1]).isBetween(0, 3);
            assertThat(min[2]).isBetween(0, 4);
            assertThat(s.image().get(0, 0, 0, 0)).isEqualTo(img.get(0, 0, min[1], min[2]));
            Volume back = invertLast(t, s, s.image(), Interpolation.LINEAR);
            assertThat(back.get(0, 0, min[1] + 1, min[2] + 2)).isEqualTo(img.get(0, 0, min[1] + 1, min[2] + 2));
        }
    }

    @Test
    void foregroundFocusedCropContainsTheForeground() {
        Transform t = make("RandomCrop", Map.of("output_size", List.of(3, 3), "foreground_focus", true,
                "foreground_ratio", 1.0));
        float[] lab = new float[20 * 20];
        lab[17 * 20 + 2] = 1f; // one foreground voxel at (17, 2)
        for (long seed = 0; seed < 10; seed++) {
            Sample s = t.apply(sample(ramp(1, 20, 20), Volume.of(lab.clone(), 1, 1, 20, 20)), rng(seed));
            float sum = 0;
            for (float v : s.label().data()) {
                sum += v;
            }
            assertThat(sum).isEqualTo(1f);
        }
    }

    @Test
    void cropWithBoundingBoxFindsTheBrightRegion() {
        float[] x = new float[6 * 6];
        x[2 * 6 + 3] = 5;
        x[3 * 6 + 4] = 5;
        Transform t = make("CropWithBoundingBox", Map.of());
        Sample s = t.apply(sample(Volume.of(x, 1, 1, 6, 6), null), rng(1));
        assertThat(VolumeOps.spatial(s.image())).containsExactly(1, 2, 2);
        assertThat(s.image().data()).containsExactly(5, 0, 0, 5);
    }

    @Test
    void chainInvertsInReverseOrder() {
        TransformChain chain = new TransformChain(List.of(
                make("Pad", Map.of("output_size", List.of(6, 6))),
                make("RandomFlip", Map.of()),
                make("CenterCrop", Map.of("output_size", List.of(4, 4)))));
        Volume img = ramp(1, 4, 4);
        for (long seed = 0; seed < 4; seed++) {
            Sample s = chain.apply(sample(img, null), rng(seed));
            Volume back = chain.invert(s.image(), s.history(), Interpolation.LINEAR);
            assertThat(back.data()).containsExactly(img.data());
        }
    }
}
