package org.pymic.io.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pymic.core.error.ExitCode;
import org.pymic.core.error.PymicException;

class CaseListTest {
    @TempDir
    Path root;

    private Path touch(String name) throws IOException {
        Path p = root.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
        return p;
    }

    private Path csv(String text) throws IOException {
        Path p = root.resolve("list.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsImageLabelAndWeightColumnsRelativeToRoot() throws IOException {
        touch("img/a_t1.nii.gz");
        touch("img/a_t2.nii.gz");
        touch("lab/a.nii.gz");
        touch("w/a.nii.gz");
        CaseList list = CaseList.read(csv("image_t1,image_t2,label,pixel_weight\n"
                + "img/a_t1.nii.gz,img/a_t2.nii.gz,lab/a.nii.gz,w/a.nii.gz\n\n"), root, 2);
        assertThat(list.size()).isEqualTo(1);
        CaseList.Case c = list.get(0);
        assertThat(c.row()).isEqualTo(2);
        assertThat(c.images()).containsExactly(root.resolve("img/a_t1.nii.gz"), root.resolve("img/a_t2.nii.gz"));
        assertThat(c.label()).isEqualTo(root.resolve("lab/a.nii.gz"));
        assertThat(c.weight()).isEqualTo(root.resolve("w/a.nii.gz"));
        assertThat(c.name()).isEqualTo("img/a_t1.nii.gz");
    }

    @Test
    void labelIsTheColumnAfterTheImagesWhenNotNamed() throws IOException {
        touch("a.png");
        touch("a_seg.png");
        touch("b.png");
        CaseList list = CaseList.read(csv("img,seg\na.png,a_seg.png\nb.png,\n"), root, 1);
        assertThat(list.get(0).label()).isEqualTo(root.resolve("a_seg.png"));
        assertThat(list.get(1).label()).isNull();
    }

    /** Fuzzing found it (CaseListFuzzTestInputs/caseList/crash-2cbfca8a...): a NUL byte threw InvalidPathException. */
    @Test
    void aPathWithANulByteIsADataErrorNamingTheRow() throws IOException {
        touch("a.png");
        Path csv = csv("image,label\na.png,a.png\nim\u0000g.png,a.png\n");
        assertThatThrownBy(() -> CaseList.read(csv, root, 1))
                .isInstanceOfSatisfying(PymicException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(org.pymic.core.error.ExitCode.DATA))
                .hasMessageContaining(csv + ":row 3").hasMessageContaining("im\\u0000g.png");
    }

    @Test
    void missingFileNamesCsvRowAndFile() throws IOException {
        touch("a.png");
        Path csv = csv("image,label\na.png,a.png\nmissing.png,a.png\n");
        assertThatThrownBy(() -> CaseList.read(csv, root, 1))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining(csv + ":row 3")
                .hasMessageContaining("missing.png")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.INPUT));
    }

    @Test
    void everyMissingFileIsNamedAtOnce() throws IOException {
        touch("a.png");
        Path csv = csv("image,label,pixel_weight\na.png,a.png,w.png\nmissing.png,a.png,\na.png,gone.png,\n");
        assertThatThrownBy(() -> CaseList.read(csv, root, 1))
                .hasMessageContaining(csv + ":row 2: pixel_weight file 'w.png' not found")
                .hasMessageContaining(csv + ":row 3: image file 'missing.png' not found")
                .hasMessageContaining(csv + ":row 4: label file 'gone.png' not found")
                .hasMessageContaining("3 listed files not found");
        CaseList scanned = CaseList.scan(csv, root, 1);
        assertThat(scanned.missing()).extracting(CaseList.RowProblem::row).containsExactly(2, 3, 4);
        assertThat(scanned.size()).isZero();
    }

    @Test
    void headerOtherThanPymicColumnsIsNotedWithFileAndHeader() throws IOException {
        touch("a.png");
        CaseList odd = CaseList.read(csv("img,seg\na.png,a.png\n"), root, 1);
        assertThat(odd.warnings()).singleElement().satisfies(w -> {
            assertThat(w.location()).isEqualTo(root.resolve("list.csv") + ":row 1");
            assertThat(w.message()).contains("header 'img,seg'").contains("[img, seg]")
                    .contains("PyMIC finds the label by the name 'label'").contains("column 2 'seg'");
        });
        // PyMIC's own headers, with the CRLF line ends of real lists
        assertThat(CaseList.read(csv("image,label\r\na.png,a.png\r\n"), root, 1).warnings()).isEmpty();
        assertThat(CaseList.read(csv("image,pixel_weight,label\r\na.png,a.png,a.png\r\n"), root, 1).warnings()).isEmpty();
        assertThat(CaseList.read(csv("image_t1,image_t2,label,image_weight\na.png,a.png,a.png,1\n"), root, 2)
                .warnings()).isEmpty();
        assertThat(CaseList.read(csv("image\na.png\n"), root, 1).warnings()).isEmpty();
    }

    @Test
    void shortRowIsADataError() throws IOException {
        touch("a.png");
        Path csv = csv("t1,t2,label\na.png\n");
        assertThatThrownBy(() -> CaseList.read(csv, root, 2))
                .isInstanceOf(PymicException.class)
                .hasMessageContaining(":row 2")
                .satisfies(e -> assertThat(((PymicException) e).exitCode()).isEqualTo(ExitCode.DATA));
    }

    @Test
    void quotedCellsMayHoldCommas() {
        assertThat(CaseList.split("\"a,b.png\", c.png")).containsExactly("a,b.png", "c.png");
    }
}
