package org.pymic.train.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.config.Config;
import org.pymic.core.image.Volume;
import org.pymic.io.data.CaseList;
import org.pymic.io.image.ImageFiles;

/**
 * The public inference API gives what {@code pymic infer} writes: the same label maps (voxel for voxel)
 * and probability files (byte for byte) from an image in memory or a file, from one thread or several at
 * once, the checkpoint loaded once.
 */
class SegmenterTest {
    @TempDir
    static Path work;

    private static Config config;

    @BeforeAll
    static void trainTinyModel() {
        config = Config.load(TinyModel.train(work, 8, 5, "testing.save_probability=True", "testing.tta_mode=1"));
        Predictor.run(config);
    }

    @Test
    void segmentsLikePymicInferFromMemoryAndFromFilesOnSeveralThreads() throws Exception {
        Path out = work.resolve("out");
        try (Segmenter s = Segmenter.open(config)) {
            CaseList cases = s.testCases();
            List<Path> expected = s.outputPaths(cases, out);
            assertThat(cases.size()).isGreaterThan(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Segmenter.Result>> results = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                Path image = cases.get(i).images().get(0);
                results.add(pool.submit(() -> s.segment(ImageFiles.read(image))));
            }
            for (int i = 0; i < cases.size(); i++) {
                Volume want = ImageFiles.read(expected.get(i));
                Segmenter.Result got = results.get(i).get();
                assertThat(got.labels().data()).as("case %d", i).isEqualTo(want.data());
                assertThat(got.labels().spacing()).isEqualTo(want.spacing());
                assertThat(got.probabilities().channels()).isEqualTo(4);
                // class probabilities sum to one at every voxel
                int n = got.probabilities().voxels();
                float[] p = got.probabilities().data();
                for (int v = 0; v < n; v += 97) {
                    assertThat(p[v] + p[n + v] + p[2 * n + v] + p[3 * n + v]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
            pool.shutdown();

            Path again = work.resolve("again").resolve(expected.get(0).getFileName());
            Files.createDirectories(again.getParent());
            List<Path> files = s.segmentFile(cases.get(0).images().get(0), again);
            assertThat(files).hasSize(1 + 4);
            assertThat(files.get(0)).isEqualTo(again);
            for (Path f : files) {
                assertThat(Files.readAllBytes(f)).as("%s", f.getFileName())
                        .isEqualTo(Files.readAllBytes(out.resolve(f.getFileName())));
            }
        }
    }

    @Test
    void rasterOutputsHoldProbabilitiesAndFloatMapsAsBytes() throws Exception {
        // PNG keeps whole numbers 0..255 only: probabilities (and float extras) are written as (int) (255 p)
        Volume labels = Volume.of(new float[] {0, 1, 2, 3}, 1, 1, 2, 2);
        float[] p = new float[16];
        float[] p1 = {0f, 0.5f, 0.999f, 1f};
        for (int v = 0; v < 4; v++) {
            p[4 + v] = p1[v];
            p[v] = 1 - p1[v];
        }
        Volume prob = Volume.of(p, 4, 1, 2, 2);
        Volume map = Volume.of(new float[] {0.1f, 0.25f, 0.75f, 1f}, 1, 1, 2, 2);
        Path out = work.resolve("png").resolve("case.png");
        Files.createDirectories(out.getParent());
        try (Segmenter s = Segmenter.open(config)) {
            List<Path> files = s.write(new Segmenter.Result(labels, prob,
                    List.of(new Segmenter.Extra("_map", map, "float32"))), out);
            assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly("case.png", "case_map.png",
                    "case_prob_0.png", "case_prob_1.png", "case_prob_2.png", "case_prob_3.png");
        }
        assertThat(ImageFiles.read(out).data()).containsExactly(0, 1, 2, 3);
        assertThat(ImageFiles.read(out.resolveSibling("case_prob_1.png")).data()).containsExactly(0, 127, 254, 255);
        assertThat(ImageFiles.read(out.resolveSibling("case_prob_0.png")).data()).containsExactly(255, 127, 0, 0);
        assertThat(ImageFiles.read(out.resolveSibling("case_map.png")).data()).containsExactly(25, 63, 191, 255);
    }

    @Test
    void probabilityMapsOfAnIntegerImageStayFractions() throws Exception {
        // the maps take the image's geometry and header; an int16 header must not make them whole numbers
        Path in = work.resolve("int16").resolve("image.nii.gz");
        Files.createDirectories(in.getParent());
        ImageFiles.write(Volume.of(new float[] {10, 20, 30, 40}, 1, 1, 2, 2), in, "int16");
        Volume image = ImageFiles.read(in);
        float[] p = {0.25f, 0.5f, 0.75f, 1f, 0.75f, 0.5f, 0.25f, 0f};
        Path out = in.resolveSibling("seg.nii.gz");
        try (Segmenter s = Segmenter.open(config)) {
            s.write(new Segmenter.Result(image.withData(new float[] {1, 0, 0, 0}, 1), image.withData(p, 2)), out);
        }
        assertThat(ImageFiles.read(out.resolveSibling("seg_prob_0.nii.gz")).data()).containsExactly(0.25f, 0.5f, 0.75f, 1f);
        assertThat(ImageFiles.read(out.resolveSibling("seg_prob_1.nii.gz")).data()).containsExactly(0.75f, 0.5f, 0.25f, 0f);
    }
}
