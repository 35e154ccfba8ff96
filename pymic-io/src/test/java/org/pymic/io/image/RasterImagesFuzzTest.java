package org.pymic.io.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.pymic.core.fuzz.ReaderContract;
import org.pymic.core.fuzz.TempFiles;

/**
 * PNG, JPEG and BMP reading (javax.imageio, which picks the decoder by content) under Jazzer, one target
 * per format so that each starts from its own seeds: RasterImagesFuzzTestInputs/png, jpeg and bmp, made
 * by {@code FuzzSeedsTest}.
 */
class RasterImagesFuzzTest {
    private static Path dir;

    @BeforeAll
    static void makeDir() throws Exception {
        dir = Files.createTempDirectory("pymic-fuzz-raster");
    }

    @AfterAll
    static void removeDir() throws Exception {
        TempFiles.delete(dir);
    }

    @FuzzTest
    void png(byte[] input) throws Exception {
        ReaderContract.check(input, dir.resolve("case.png"), ImageFiles::read);
    }

    @FuzzTest
    void jpeg(byte[] input) throws Exception {
        ReaderContract.check(input, dir.resolve("case.jpg"), ImageFiles::read);
    }

    @FuzzTest
    void bmp(byte[] input) throws Exception {
        ReaderContract.check(input, dir.resolve("case.bmp"), ImageFiles::read);
    }
}
