package dev.sparkflow.launcher;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.sparkflow.testing.PackageGraph;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The launcher's layers: handler (the Lambda entry point) over service (decisions) over io (AWS) and model. */
class ArchitectureTest {
    private static final JavaClasses LAUNCHER = PackageGraph.mainClasses("dev.sparkflow.launcher");

    @Test
    void no_two_packages_depend_on_each_other() {
        PackageGraph.assertNoCycles(LAUNCHER, "dev.sparkflow.launcher");
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
