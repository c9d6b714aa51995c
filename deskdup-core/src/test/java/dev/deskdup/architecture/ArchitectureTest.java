package dev.deskdup.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The library's compiled classes keep the layering of docs/architecture.md: the build fails when they do not. */
class ArchitectureTest {

    /** The library's own classes only (not the test fixtures, not deskdup-xvfb on the test class path). */
    private static final JavaClasses LIBRARY = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void theLibraryKeepsItsLayering() {
        assertThat(LIBRARY.size()).as("classes imported").isGreaterThan(50);
        new Layering("dev.deskdup").check(LIBRARY);
    }
}
