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
        assertThat(cache.usedBytes()).isEqualTo(2 * 10 * 4);
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
        int voxels = 100_000; // image + label: 800,000 bytes, so one case fits in 1 MB and two do not
        cache.get("first", () -> read(reads, voxels, 1f));
        cache.get("second", () -> read(reads, voxels, 2f));
        cache.get("first", () -> read(reads, voxels, 1f));
        cache.get("second", () -> read(reads, voxels, 2f));
        assertThat(reads[0]).isEqualTo(3);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.usedBytes()).isEqualTo(800_000);
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
}
