package dev.sparkflow.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** A module's main classes as ArchUnit sees them, and the rule every module keeps: no two packages need each other. */
public final class PackageGraph {
    private PackageGraph() {
    }

    /** The main (not test) classes under {@code root}. */
    public static JavaClasses mainClasses(String root) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(root);
    }

    /** Fails naming the cycle when two packages directly below {@code root} depend on each other, however indirectly. */
    public static void assertNoCycles(JavaClasses classes, String root) {
        slices().matching(root + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}
