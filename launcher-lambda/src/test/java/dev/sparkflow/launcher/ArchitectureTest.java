package dev.sparkflow.launcher;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The launcher's layers: handler (the Lambda entry point) over service (decisions) over io (AWS) and model. */
class ArchitectureTest {
    private static final JavaClasses LAUNCHER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.sparkflow.launcher");

    @Test
    void no_two_packages_depend_on_each_other() {
        slices().matching("dev.sparkflow.launcher.(*)..").should().beFreeOfCycles().check(LAUNCHER);
    }

    @Test
    void nothing_below_the_handler_knows_the_handler() {
        noClasses().that().resideOutsideOfPackage("..launcher.handler..")
                .should().dependOnClassesThat().resideInAPackage("..launcher.handler..").check(LAUNCHER);
    }

    @Test
    void the_model_knows_neither_decisions_nor_aws_calls() {
        noClasses().that().resideInAPackage("..launcher.model..")
                .should().dependOnClassesThat().resideInAnyPackage("..launcher.service..", "..launcher.io..")
                .check(LAUNCHER);
    }
}
