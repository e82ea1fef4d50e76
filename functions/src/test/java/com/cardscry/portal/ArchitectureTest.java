package com.cardscry.portal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The import rules of DESIGN.md section 2: the arrows point inwards only. */
@AnalyzeClasses(packages = "com.cardscry.portal", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FRAMEWORKS = {
        "com.azure..", "com.microsoft.azure..", "com.fasterxml.jackson..", "org.h2..", "com.cronutils..",
        "com.nimbusds.."
    };

    @ArchTest
    static final ArchRule domain_is_pure_java = classes().that().resideInAPackage("com.cardscry.portal.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("com.cardscry.portal.domain..", "java..")
            .allowEmptyShould(true);

    /** The JDK includes its cryptography ({@code javax.crypto}: HMAC for keyed hashes). */
    @ArchTest
    static final ArchRule application_depends_on_domain_and_jdk_only = classes()
            .that().resideInAPackage("com.cardscry.portal.application..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "com.cardscry.portal.application..", "com.cardscry.portal.domain..", "java..", "javax.crypto..");

    @ArchTest
    static final ArchRule no_framework_in_domain_or_application = noClasses()
            .that().resideInAnyPackage("com.cardscry.portal.domain..", "com.cardscry.portal.application..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS);

    @ArchTest
    static final ArchRule functions_depend_on_use_cases_not_on_adapters_or_config = noClasses()
            .that().resideInAPackage("com.cardscry.portal.functions..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.cardscry.portal.adapters..", "com.cardscry.portal.config..", "com.cardscry.portal.local..",
                    "com.azure..", "org.h2..");

    @ArchTest
    static final ArchRule adapters_do_not_reach_outwards = noClasses()
            .that().resideInAPackage("com.cardscry.portal.adapters..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.cardscry.portal.functions..", "com.cardscry.portal.config..", "com.cardscry.portal.local..",
                    "com.microsoft.azure.functions..");

    @ArchTest
    static final ArchRule local_host_goes_through_config = noClasses()
            .that().resideInAPackage("com.cardscry.portal.local..")
            .should().dependOnClassesThat().resideInAnyPackage("com.cardscry.portal.adapters..", "com.azure..");

    @ArchTest
    static final ArchRule only_config_and_local_know_the_composition_root = noClasses()
            .that().resideOutsideOfPackages("com.cardscry.portal.config..", "com.cardscry.portal.local..")
            .should().dependOnClassesThat().resideInAPackage("com.cardscry.portal.config..");
}
