package org.pymic.io.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.pymic.core.fuzz.ReaderContract;
import org.pymic.core.fuzz.TempFiles;

/**
 * CSV case lists under Jazzer: the input is read as {@code case.csv} with one and with two image columns,
 * relative to a root folder holding the files the seeds list (img1.nii, img2.nii, lab1.nii, lab2.nii,
 * w1.nii). Seeds: CaseListFuzzTestInputs/caseList, made by {@code FuzzSeedsTest}.
 */
class CaseListFuzzTest {
    private static Path dir;
    private static Path root;

    @BeforeAll
    static void makeDir() throws Exception {
        dir = Files.createTempDirectory("pymic-fuzz-csv");
        root = Files.createDirectories(dir.resolve("root"));
        for (String f : new String[] {"img1.nii", "img2.nii", "lab1.nii", "lab2.nii", "w1.nii"}) {
            Files.write(root.resolve(f), new byte[0]);
        }
    }

    @AfterAll
    static void removeDir() throws Exception {
        TempFiles.delete(dir);
    }

    @FuzzTest
    void caseList(byte[] input) throws Exception {
        ReaderContract.check(input, dir.resolve("case.csv"), csv -> CaseList.read(csv, root, 1));
        ReaderContract.check(input.length, dir.resolve("case.csv"), csv -> CaseList.scan(csv, root, 2));
    }
}
