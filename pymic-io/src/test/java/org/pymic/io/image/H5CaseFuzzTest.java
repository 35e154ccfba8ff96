package org.pymic.io.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.pymic.core.fuzz.ReaderContract;
import org.pymic.core.fuzz.TempFiles;

/**
 * HDF5 cases (jhdf: datasets {@code image} and {@code label}) under Jazzer. Seeds: H5CaseFuzzTestInputs/h5,
 * the HDF5 fixtures, copied by {@code FuzzSeedsTest}.
 */
class H5CaseFuzzTest {
    private static Path dir;

    @BeforeAll
    static void makeDir() throws Exception {
        dir = Files.createTempDirectory("pymic-fuzz-h5");
    }

    @AfterAll
    static void removeDir() throws Exception {
        TempFiles.delete(dir);
    }

    @FuzzTest
    void h5(byte[] input) throws Exception {
        ReaderContract.check(input, dir.resolve("case.h5"), H5Case::read);
    }
}
