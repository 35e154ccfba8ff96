package org.pymic.core.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.pymic.core.fuzz.ReaderContract;
import org.pymic.core.fuzz.TempFiles;

/**
 * INI and JSON configs ({@link Config#load}) under Jazzer. Seeds: ConfigReaderFuzzTestInputs/ini (PyMIC
 * example configs and configparser corner cases) and /json, made by {@code FuzzSeedsTest}.
 */
class ConfigReaderFuzzTest {
    private static Path dir;

    @BeforeAll
    static void makeDir() throws Exception {
        dir = Files.createTempDirectory("pymic-fuzz-config");
    }

    @AfterAll
    static void removeDir() throws Exception {
        TempFiles.delete(dir);
    }

    @FuzzTest
    void ini(byte[] input) throws Exception {
        ReaderContract.check(input, dir.resolve("case.cfg"), Config::load);
    }

    @FuzzTest
    void json(byte[] input) throws Exception {
        ReaderContract.check(input, dir.resolve("case.json"), Config::load);
    }
}
