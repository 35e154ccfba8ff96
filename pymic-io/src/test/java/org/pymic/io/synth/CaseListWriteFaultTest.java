package org.pymic.io.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.io.image.WriteFaults;

/** The case lists of {@code pymic synth} on a disk that fills up midway keep their previous version. */
class CaseListWriteFaultTest {
    @TempDir
    Path dir;

    @Test
    void aCaseListWrittenOnAFullDiskKeepsThePreviousList() throws Exception {
        Path list = dir.resolve("train.csv");
        SyntheticDataset.writeCsv(list, List.<String[]>of(new String[] {"images/a.nii.gz", "labels/a.nii.gz"}));
        List<String[]> next = List.of(new String[] {"images/b.nii.gz", "labels/b.nii.gz"},
                new String[] {"images/c.nii.gz", "labels/c.nii.gz"});
        Path scratch = Files.createDirectories(dir.resolve("scratch")).resolve("train.csv");
        SyntheticDataset.writeCsv(scratch, next);
        WriteFaults.check(() -> SyntheticDataset.writeCsv(list, next), WriteFaults.size(scratch), list, list);
        assertThat(Files.readString(list)).isEqualTo("image,label\nimages/a.nii.gz,labels/a.nii.gz\n");
        SyntheticDataset.writeCsv(list, next);
        assertThat(list).hasSameBinaryContentAs(scratch);
    }
}
