package dev.deskdup.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The library's layering (docs/architecture.md) as ArchUnit rules over a root package, so that the same rules run
 * on the library ({@code dev.deskdup}) and, in {@link LayeringRulesCatchViolationsTest}, on fixtures that break them.
 */
final class Layering {

    /** The one deliberate upward edge: the public API calls the composition root. */
    static final String COMPOSITION_ROOT = "internal.Bootstrap";

    private final String root;

    Layering(String root) {
        this.root = root;
    }

    private String pkg(String relative) {
        return relative.isEmpty() ? root : root + "." + relative;
    }

    /** Every package is its own slice; the API's call into the composition root is the one edge not counted. */
    ArchRule noPackageCycles() {
        String bootstrap = root + "." + COMPOSITION_ROOT;
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String p = javaClass.getPackageName();
                return p.equals(root) || p.startsWith(root + ".") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "packages of " + root;
            }
        }).should().beFreeOfCycles()
                .ignoreDependency(DescribedPredicate.describe("the public API",
                                (JavaClass c) -> c.getPackageName().equals(root)),
                        DescribedPredicate.describe("the composition root",
                                (JavaClass c) -> c.getName().equals(bootstrap)));
    }

    /** The public API depends on the JDK and on the composition root only. */
    ArchRule apiIsALeaf() {
        return classes().that().resideInAPackage(pkg("")).should().onlyDependOnClassesThat(
                DescribedPredicate.describe("are the JDK, the API itself or the composition root", (JavaClass c) ->
                        !c.getPackageName().startsWith(root) || c.getPackageName().equals(root)
                                || c.getName().equals(root + "." + COMPOSITION_ROOT)));
    }

    /** A package may depend on the JDK and on the packages listed (relative to the root; "" is the API). */
    ArchRule mayOnlyUse(String relative, List<String> allowed) {
        String self = pkg(relative);
        return classes().that().resideInAPackage(self).should().onlyDependOnClassesThat(
                DescribedPredicate.describe("are the JDK or in " + allowed, (JavaClass c) -> {
                    String p = c.getPackageName();
                    if (!p.equals(root) && !p.startsWith(root + ".")) {
                        return true;
                    }
                    if (p.equals(self)) {
                        return true;
                    }
                    for (String a : allowed) {
                        if (p.equals(pkg(a))) {
                            return true;
                        }
                    }
                    return false;
                })).allowEmptyShould(true);
    }

    /** Only the composition root builds the ring: nothing reaches into it or back into a facade. */
    ArchRule onlyTheCompositionRootUsesTheRing() {
        return noClasses().that().resideOutsideOfPackages(pkg("internal.ring"))
                .and().doNotHaveFullyQualifiedName(root + "." + COMPOSITION_ROOT)
                .should().dependOnClassesThat().resideInAPackage(pkg("internal.ring"))
                .allowEmptyShould(true);
    }

    /** Every rule, for one root. */
    List<ArchRule> all() {
        List<String> api = List.of("");
        return List.of(
                noPackageCycles(),
                apiIsALeaf(),
                onlyTheCompositionRootUsesTheRing(),
                mayOnlyUse("spi", api),
                mayOnlyUse("internal.os", api),
                mayOnlyUse("internal.ring", List.of("", "spi")),
                mayOnlyUse("internal.x11", List.of("", "spi", "internal.os")),
                mayOnlyUse("internal.dxgi", List.of("", "spi", "internal.os")),
                mayOnlyUse("internal.synthetic", List.of("", "spi", "internal.os")),
                mayOnlyUse("internal.wayland", List.of("", "spi", "internal.os", "internal.dbus",
                        "internal.pipewire")),
                mayOnlyUse("internal.dbus", List.of("", "spi", "internal.os")),
                mayOnlyUse("internal.pipewire", List.of("", "spi", "internal.os")),
                mayOnlyUse("internal.share", List.of("", "spi", "internal.os")));
    }

    /** Checks every rule, collecting every violation into one failure. */
    void check(JavaClasses classes) {
        AssertionError failures = null;
        for (ArchRule rule : all()) {
            try {
                rule.check(classes);
            } catch (AssertionError e) {
                if (failures == null) {
                    failures = new AssertionError("the layering of " + root + " is broken (docs/architecture.md)");
                }
                failures.addSuppressed(e);
            }
        }
        if (failures != null) {
            throw failures;
        }
    }
}
