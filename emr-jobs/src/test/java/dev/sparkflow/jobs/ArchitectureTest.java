package dev.sparkflow.jobs;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.sparkflow.testing.PackageGraph;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The jobs' package graph, as ARCHITECTURE.md draws it: the rules (parse, transform, learn) and the records (model,
 * config) know nothing of the lake's I/O or of the jobs that wire them onto Spark, and no two packages need each other.
 */
class ArchitectureTest {
    private static final JavaClasses JOBS = PackageGraph.mainClasses("dev.sparkflow.jobs");

    @Test
    void no_two_packages_depend_on_each_other() {
        PackageGraph.assertNoCycles(JOBS, "dev.sparkflow.jobs");
    }

    @Test
    void the_rules_and_the_records_do_not_reach_into_io_or_the_jobs() {
        noClasses().that().resideInAnyPackage("..jobs.model..", "..jobs.config..", "..jobs.parse..",
                        "..jobs.transform..", "..jobs.learn..")
                .should().dependOnClassesThat().resideInAnyPackage("..jobs.io..", "..jobs.job..", "..jobs.sample..")
                .check(JOBS);
    }

    @Test
    void the_records_depend_on_none_of_the_rules() {
        noClasses().that().resideInAPackage("..jobs.model..")
                .should().dependOnClassesThat().resideInAnyPackage("..jobs.config..", "..jobs.parse..",
                        "..jobs.transform..", "..jobs.learn..")
                .check(JOBS);
    }

    @Test
    void only_the_entry_point_knows_the_entry_point() {
        noClasses().that().resideOutsideOfPackage("dev.sparkflow.jobs")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.sparkflow.jobs.Main")
                .check(JOBS);
    }
}
