package org.pymic.core.label;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectedComponentsTest {

    private static boolean[] parse(String... rows) {
        StringBuilder sb = new StringBuilder();
        for (String r : rows) {
            sb.append(r);
        }
        boolean[] m = new boolean[sb.length()];
        for (int i = 0; i < m.length; i++) {
            m[i] = sb.charAt(i) == '#';
        }
        return m;
    }

    @Test
    void diagonalNeighboursJoinOnlyWithFullConnectivity() {
        Grid g = Grid.of(1, 4, 5);
        boolean[] m = parse(
                "##...",
                "##...",
                "..#..",
                "...#.");
        Components face = ConnectedComponents.label(m, g, Connectivity.FACE);
        assertThat(face.count()).isEqualTo(3);
        assertThat(face.sizes()).containsExactly(4, 1, 1);
        assertThat(face.labels()[g.index(0, 2, 2)]).isEqualTo(2);
        assertThat(face.largest()).isEqualTo(1);
        Components full = ConnectedComponents.label(m, g, Connectivity.FULL);
        assertThat(full.count()).isEqualTo(1);
        assertThat(full.size(1)).isEqualTo(6);
    }

    @Test
    void componentsAreNumberedInRasterOrder() {
        Grid g = Grid.of(1, 3, 5);
        boolean[] m = parse(
                "....#",
                "#....",
                "#.###");
        Components c = ConnectedComponents.label(m, g, Connectivity.FACE);
        assertThat(c.count()).isEqualTo(3);
        assertThat(c.labels()[4]).isEqualTo(1);
        assertThat(c.labels()[5]).isEqualTo(2);
        assertThat(c.labels()[12]).isEqualTo(3);
        assertThat(c.sizes()).containsExactly(1, 2, 3);
        assertThat(c.largest()).isEqualTo(3);
        assertThat(Surface.count(c.mask(2))).isEqualTo(2);
    }

    @Test
    void threeDimensionalConnectivityAcrossSlices() {
        Grid g = Grid.of(2, 2, 2);
        boolean[] m = new boolean[8];
        m[g.index(0, 0, 0)] = true;
        m[g.index(1, 0, 0)] = true; // face neighbour across slices
        m[g.index(1, 1, 1)] = true; // edge neighbour of (1,0,0), corner neighbour of (0,0,0)
        assertThat(ConnectedComponents.label(m, g, Connectivity.FACE).count()).isEqualTo(2);
        assertThat(ConnectedComponents.label(m, g, Connectivity.FULL).count()).isEqualTo(1);
        boolean[] corner = new boolean[8];
        corner[g.index(0, 0, 0)] = true;
        corner[g.index(1, 1, 1)] = true; // corner only: 26-connected, not 6-connected
        assertThat(ConnectedComponents.label(corner, g, Connectivity.FULL).count()).isEqualTo(1);
        assertThat(ConnectedComponents.label(corner, g, Connectivity.FACE).count()).isEqualTo(2);
    }

    @Test
    void emptyMaskHasNoComponents() {
        Components c = ConnectedComponents.label(new boolean[6], Grid.of(1, 2, 3), Connectivity.FULL);
        assertThat(c.count()).isZero();
        assertThat(c.largest()).isZero();
    }
}
