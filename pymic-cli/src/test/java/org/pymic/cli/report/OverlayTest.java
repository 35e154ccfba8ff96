package org.pymic.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.pymic.core.image.Volume;

/** Contour pixels of hand-made masks, and the colours the overlay draws them in. */
class OverlayTest {
    private static String picture(boolean[] c, int h, int w) {
        StringBuilder b = new StringBuilder();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b.append(c[y * w + x] ? '#' : '.');
            }
            b.append('\n');
        }
        return b.toString();
    }

    @Test
    void aSquareHasItsRingAsContour() {
        int[] mask = {
            0, 0, 0, 0, 0, 0,
            0, 1, 1, 1, 1, 0,
            0, 1, 1, 1, 1, 0,
            0, 1, 1, 1, 1, 0,
            0, 0, 0, 0, 0, 0,
        };
        assertThat(picture(Overlay.contour(mask, 5, 6), 5, 6)).isEqualTo("""
                ......
                .####.
                .#..#.
                .####.
                ......
                """);
    }

    @Test
    void twoTouchingLabelsBothHaveTheSharedEdgeAndTheBorderCounts() {
        int[] mask = {
            1, 1, 2, 2,
            1, 1, 2, 2,
            1, 1, 2, 2,
            0, 0, 0, 0,
        };
        // the image border is a contour too; interior pixels of neither label exist at this size
        assertThat(picture(Overlay.contour(mask, 4, 4), 4, 4)).isEqualTo("""
                ####
                ####
                ####
                ....
                """);
        int[] ring = {
            1, 1, 1, 1, 1,
            1, 2, 2, 2, 1,
            1, 2, 2, 2, 1,
            1, 2, 2, 2, 1,
            1, 1, 1, 1, 1,
        };
        assertThat(picture(Overlay.contour(ring, 5, 5), 5, 5)).isEqualTo("""
                #####
                #####
                ##.##
                #####
                #####
                """);
    }

    @Test
    void overlayDrawsGroundTruthAndPredictionInTheirColours() throws Exception {
        int h = 6;
        int w = 6;
        float[] image = new float[h * w];
        for (int i = 0; i < image.length; i++) {
            image[i] = i;
        }
        int[] gt = new int[h * w];
        int[] pred = new int[h * w];
        for (int y = 1; y <= 4; y++) {
            for (int x = 1; x <= 4; x++) {
                gt[y * w + x] = 1;
            }
        }
        pred[2 * w + 2] = 1; // one pixel: its own contour
        BufferedImage img = Overlay.render(image, gt, pred, h, w, 1);
        assertThat(img.getRGB(1, 1) & 0xFFFFFF).isEqualTo(Overlay.GT_RGB);
        assertThat(img.getRGB(2, 2) & 0xFFFFFF).isEqualTo(Overlay.PRED_RGB);
        int inside = img.getRGB(3, 3) & 0xFFFFFF;
        assertThat(inside).isNotIn(Overlay.GT_RGB, Overlay.PRED_RGB);
        // outside the masks the pixel is grey
        int outside = img.getRGB(0, 0);
        assertThat((outside >> 16) & 0xFF).isEqualTo(outside & 0xFF);
        // enlarged by 3, contours stay one pixel wide: (3, 3) is on the ring, (4, 4) inside
        BufferedImage big = Overlay.render(image, gt, null, h, w, 3);
        assertThat(big.getWidth()).isEqualTo(18);
        assertThat(big.getRGB(3, 3) & 0xFFFFFF).isEqualTo(Overlay.GT_RGB);
        assertThat(big.getRGB(4, 4) & 0xFFFFFF).isNotEqualTo(Overlay.GT_RGB);
        String uri = Overlay.dataUri(big);
        assertThat(uri).startsWith("data:image/png;base64,");
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(uri.substring(22))));
        assertThat(back.getWidth()).isEqualTo(18);
        assertThat(back.getRGB(3, 3) & 0xFFFFFF).isEqualTo(Overlay.GT_RGB);
    }

    @Test
    void theBusiestSliceHasTheMostForeground() {
        float[] d = new float[3 * 2 * 2];
        d[4] = 1; // slice 1: one pixel
        d[8] = 2; // slice 2: three pixels
        d[9] = 1;
        d[11] = 3;
        assertThat(Overlay.busiestSlice(Volume.of(d, 1, 3, 2, 2))).isEqualTo(2);
        assertThat(Overlay.labelSlice(Volume.of(d, 1, 3, 2, 2), 2)).containsExactly(2, 1, 0, 3);
    }
}
