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
