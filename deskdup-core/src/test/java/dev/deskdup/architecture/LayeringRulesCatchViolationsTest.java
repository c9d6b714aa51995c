package dev.deskdup.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules themselves are tested: on fixture packages that reintroduce what the layering forbids (a cycle between
 * the ring and a backend, the API reaching into a backend), they fail, naming the offending edges.
 */
class LayeringRulesCatchViolationsTest {

    private static final String ROOT = "dev.deskdup.architecture.fixture.cycle";
    private static final JavaClasses FIXTURE = new ClassFileImporter().importPackages(ROOT);

    @Test
    void aCycleBetweenTheRingAndABackendFailsTheBuild() {
        assertThatThrownBy(() -> new Layering(ROOT).noPackageCycles().check(FIXTURE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle")
                .hasMessageContaining("internal.ring")
                .hasMessageContaining("internal.x11");
    }

    @Test
    void theApiReachingIntoABackendFailsTheBuild() {
        assertThatThrownBy(() -> new Layering(ROOT).apiIsALeaf().check(FIXTURE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Api")
                .hasMessageContaining("Backend");
    }

    @Test
    void aBackendUsingTheRingFailsTheBuild() {
        assertThatThrownBy(() -> new Layering(ROOT).onlyTheCompositionRootUsesTheRing().check(FIXTURE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Backend")
                .hasMessageContaining("Ring");
    }
}
