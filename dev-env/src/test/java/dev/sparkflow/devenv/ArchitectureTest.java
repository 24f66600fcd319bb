package dev.sparkflow.devenv;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The CLI's layers: cli (picocli commands) over service (the workflow) over aws, keys, sshconfig and model. */
class ArchitectureTest {
    private static final JavaClasses DEV_ENV = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.sparkflow.devenv");

    @Test
    void no_two_packages_depend_on_each_other() {
        slices().matching("dev.sparkflow.devenv.(*)..").should().beFreeOfCycles().check(DEV_ENV);
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
