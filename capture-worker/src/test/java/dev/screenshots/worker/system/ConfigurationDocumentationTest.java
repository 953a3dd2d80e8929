package dev.screenshots.worker.system;

import org.junit.jupiter.api.Test;

import dev.screenshots.testsupport.ConfigurationDocs;

class ConfigurationDocumentationTest {

	@Test
	void readmeDocumentsEveryWorkerPropertyWithItsEffectiveDefault() {
		ConfigurationDocs.assertReadmeDocuments("capture.", "storage.", "outbox.", "security.");
	}

}
