package dev.screenshots.testsupport;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module boundaries every service keeps, as ArchUnit rules over its main classes: a
 * feature package (a direct sub-package of the service's root, e.g.
 * {@code dev.screenshots.api.screenshots}) is one module. Modules do not depend on each
 * other in a cycle, the cross-cutting module knows no feature, and a module's
 * {@code internal} sub-packages are used only from within it. Each module's
 * {@code ModuleStructureTest} checks them, so the build fails on a new cycle.
 */
public final class ModuleRules {

	private ModuleRules() {
	}

	/**
	 * The service's main classes (no tests, no jars).
	 * @param root the root package, e.g. {@code dev.screenshots.api}
	 * @return the classes
	 */
	public static JavaClasses mainClasses(String root) {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
			.importPackages(root);
	}

	/**
	 * No two feature packages depend on each other, directly or around a loop.
	 * @param root the root package
	 * @return the rule
	 */
	public static ArchRule featuresAreFreeOfCycles(String root) {
		return slices().matching(root + ".(*)..").namingSlices("$1").should().beFreeOfCycles();
	}

	/**
	 * A cross-cutting package (web, security, configuration plumbing) depends on no
	 * feature package: features build on it, not the other way round.
	 * @param root the root package
	 * @param base the cross-cutting package's name, e.g. {@code system}
	 * @return the rule
	 */
	public static ArchRule baseKnowsNoFeature(String root, String base) {
		String basePackage = root + "." + base;
		return noClasses().that()
			.resideInAPackage(basePackage + "..")
			.should()
			.dependOnClassesThat(new DescribedPredicate<JavaClass>("are in a feature package of " + root) {
				@Override
				public boolean test(JavaClass target) {
					String name = target.getPackageName();
					return name.startsWith(root + ".") && !name.equals(basePackage)
							&& !name.startsWith(basePackage + ".");
				}
			})
			.because(base + " is what every feature builds on");
	}

	/**
	 * Classes in an {@code internal} package of a feature are used only by that feature.
	 * @param root the root package
	 * @return the rule
	 */
	public static ArchRule internalsStayInTheirFeature(String root) {
		return classes().that()
			.resideInAPackage(root + ".*.internal..")
			.should(new ArchCondition<JavaClass>("be used only within their feature") {
				@Override
				public void check(JavaClass internal, ConditionEvents events) {
					String feature = featureOf(root, internal.getPackageName());
					for (Dependency dependency : internal.getDirectDependenciesToSelf()) {
						String user = featureOf(root, dependency.getOriginClass().getPackageName());
						if (!feature.equals(user)) {
							events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
						}
					}
				}
			})
			.allowEmptyShould(true);
	}

	private static String featureOf(String root, String packageName) {
		if (!packageName.startsWith(root + ".")) {
			return packageName;
		}
		String rest = packageName.substring(root.length() + 1);
		int dot = rest.indexOf('.');
		return (dot < 0) ? rest : rest.substring(0, dot);
	}

}
