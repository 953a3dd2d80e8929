package dev.screenshots.runtime;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import dev.screenshots.testsupport.ModuleRules;

/**
 * common-runtime's packages (outbox, messaging, tracing, security, storage, support) form
 * no dependency cycle: the outbox relays any message and knows nothing of captures.
 */
class ModuleStructureTest {

	static final String ROOT = "dev.screenshots.runtime";

	static final JavaClasses CLASSES = ModuleRules.mainClasses(ROOT);

	@Test
	void packagesFormNoCycle() {
		ModuleRules.featuresAreFreeOfCycles(ROOT).check(CLASSES);
	}

}
