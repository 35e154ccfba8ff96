package org.pymic.io.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.pymic.core.fuzz.ReaderContract;
import org.pymic.core.fuzz.TempFiles;

/**
 * MetaImage reading under Jazzer. The input is written as {@code case.mha} and also as {@code case.raw},
 * so a header naming {@code ElementDataFile = case.raw} (a {@code .mhd}) reads the same bytes as its raw
 * file (with {@code HeaderSize} to skip the header). Seeds: MetaImageFuzzTestInputs/metaImage, made by
 * {@code FuzzSeedsTest}.
 */
class MetaImageFuzzTest {
    private static Path dir;

    @BeforeAll
    static void makeDir() throws Exception {
        dir = Files.createTempDirectory("pymic-fuzz-mha");
    }

    @AfterAll
    static void removeDir() throws Exception {
        TempFiles.delete(dir);
    }

    @FuzzTest
    void metaImage(byte[] input) throws Exception {
        Files.write(dir.resolve("case.raw"), input);
        ReaderContract.check(input, dir.resolve("case.mha"), ImageFiles::read);
    }
}
