package org.pymic.io.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pymic.core.image.Volume;

class CaseCacheTest {

    /** A case of {@code voxels} image and label voxels, counting its reads. */
    private static Sample read(int[] reads, int voxels, float value) {
        reads[0]++;
        float[] img = new float[voxels];
        java.util.Arrays.fill(img, value);
        return new Sample("c", Volume.of(img, 1, 1, 1, voxels), Volume.of(new float[voxels], 1, 1, 1, voxels), null);
    }

    @Test
    void readsACaseOnceAndHandsOutIndependentCopies() {
        CaseCache cache = CaseCache.ofMegabytes(1);
        int[] reads = {0};
        Sample a = cache.get("k", () -> read(reads, 10, 3f));
        a.image().data()[0] = -1f; // a transform changing its input in place
        Sample b = cache.get("k", () -> read(reads, 10, 3f));
        assertThat(reads[0]).isEqualTo(1);
        assertThat(b.image().data()).containsOnly(3f);
        assertThat(b.image().data()).isNotSameAs(a.image().data());
        assertThat(cache.usedBytes()).isEqualTo(10 * 4 + 10); // the label of class indices in bytes
    }

    @Test
    void copiesCarryExtraVolumesAndTheirKind() {
        CaseCache cache = CaseCache.ofMegabytes(1);
        Sample withExtras = new Sample("c", Volume.of(new float[2], 1, 1, 1, 2), null, null);
        withExtras.putExtraMask("box", Volume.of(new float[] {0, 1}, 1, 1, 1, 2));
        cache.get("k", () -> withExtras);
        Sample a = cache.get("k", () -> null);
        a.extraVolume("box").data()[0] = 5f;
        Sample b = cache.get("k", () -> null);
        assertThat(b.extraVolume("box").data()).containsExactly(0, 1);
        assertThat(b.isExtraMask("box")).isTrue();
        assertThat(cache.usedBytes()).isEqualTo(4 * 4);
    }

    @Test
    void keepsTheFirstCasesUntilTheBudgetIsFullAndEvictsNothing() {
        CaseCache cache = CaseCache.ofMegabytes(1);
        int[] reads = {0};
        // image 600,000 bytes + label 150,000 (class indices, one byte each): one case fits in 1 MB, two do not
        int voxels = 150_000;
        cache.get("first", () -> read(reads, voxels, 1f));
        cache.get("second", () -> read(reads, voxels, 2f));
        cache.get("first", () -> read(reads, voxels, 1f));
        cache.get("second", () -> read(reads, voxels, 2f));
        assertThat(reads[0]).isEqualTo(3);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.usedBytes()).isEqualTo(750_000);
    }

    @Test
    void zeroMegabytesKeepsNothing() {
        CaseCache cache = CaseCache.ofMegabytes(0);
        int[] reads = {0};
        cache.get("k", () -> read(reads, 10, 1f));
        cache.get("k", () -> read(reads, 10, 1f));
        assertThat(reads[0]).isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aLabelOfClassIndicesIsKeptInOneByteAVoxelAndRestoredExactly() {
        CaseCache cache = CaseCache.ofMegabytes(1);
        float[] lab = {0, 1, 2, 3, -1, 127, -128, 4};
        Volume label = new Volume(lab.clone(), 1, 1, 2, 4, new double[] {0.5, 0.7, 2}, new double[] {1, 2, 3}, null, "hdr");
        Sample s = new Sample("c", Volume.of(new float[8], 1, 1, 2, 4), label, null);
        Sample first = cache.get("k", () -> s);
        assertThat(cache.usedBytes()).isEqualTo(4 * 8 + 8);
        first.label().data()[0] = 9;
        Sample again = cache.get("k", () -> {
            throw new AssertionError("read twice");
        });
        assertThat(again.label().data()).containsExactly(lab);
        assertThat(again.label().shape()).containsExactly(1, 1, 2, 4);
        assertThat(again.label().spacing()).containsExactly(0.5, 0.7, 2);
        assertThat(again.label().origin()).containsExactly(1, 2, 3);
        assertThat(again.label().header()).isEqualTo("hdr");
    }

    @Test
    void aLabelThatIsNotClassIndicesStaysInFloats() {
        CaseCache cache = CaseCache.ofMegabytes(1);
        float[] probs = {0.25f, 0.75f, 1, 0};
        float[] big = {0, 1, 200, 3};
        cache.get("p", () -> new Sample("p", Volume.of(new float[4], 1, 1, 1, 4), Volume.of(probs.clone(), 1, 1, 1, 4), null));
        cache.get("b", () -> new Sample("b", Volume.of(new float[4], 1, 1, 1, 4), Volume.of(big.clone(), 1, 1, 1, 4), null));
        assertThat(cache.usedBytes()).isEqualTo(2 * (16 + 16));
        assertThat(cache.get("p", () -> null).label().data()).containsExactly(probs);
        assertThat(cache.get("b", () -> null).label().data()).containsExactly(big);
    }
}
