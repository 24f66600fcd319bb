package dev.sparkflow.devenv;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.sparkflow.testing.PackageGraph;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The CLI's layers: cli (picocli commands) over service (the workflow) over aws, keys, sshconfig and model. */
class ArchitectureTest {
    private static final JavaClasses DEV_ENV = PackageGraph.mainClasses("dev.sparkflow.devenv");

    @Test
    void no_two_packages_depend_on_each_other() {
        PackageGraph.assertNoCycles(DEV_ENV, "dev.sparkflow.devenv");
    }

    @Test
    void only_the_commands_know_the_commands() {
        noClasses().that().resideOutsideOfPackage("..devenv.cli..")
                .should().dependOnClassesThat().resideInAPackage("..devenv.cli..").check(DEV_ENV);
    }

    @Test
    void the_building_blocks_do_not_know_the_workflow() {
        noClasses().that().resideInAnyPackage("..devenv.aws..", "..devenv.keys..", "..devenv.sshconfig..",
                        "..devenv.model..")
                .should().dependOnClassesThat().resideInAPackage("..devenv.service..").check(DEV_ENV);
    }
}
