package org.pymic.io.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.pymic.core.fuzz.ReaderContract;
import org.pymic.core.fuzz.TempFiles;

/**
 * NIfTI-1/2 reading ({@code .nii}, and {@code .nii.gz}: gzip is detected by its magic) under Jazzer.
 * Seeds: NiftiReaderFuzzTestInputs/nifti, made by {@code FuzzSeedsTest}.
 */
class NiftiReaderFuzzTest {
    private static Path dir;

    @BeforeAll
    static void makeDir() throws Exception {
        dir = Files.createTempDirectory("pymic-fuzz-nifti");
    }

    @AfterAll
    static void removeDir() throws Exception {
        TempFiles.delete(dir);
    }

    @FuzzTest
    void nifti(byte[] input) throws Exception {
        ReaderContract.check(input, dir.resolve("case.nii"), ImageFiles::read);
    }
}
